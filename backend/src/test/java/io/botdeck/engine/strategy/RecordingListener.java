package io.botdeck.engine.strategy;

import java.util.ArrayList;
import java.util.List;

import io.botdeck.engine.core.LogLevel;

/** Keeps everything the engine reports, in order. */
final class RecordingListener implements EngineListener {

    record Line(long timeMillis, LogLevel level, String message) {
    }

    final List<Line> lines = new ArrayList<>();
    final List<OpenTrade> opened = new ArrayList<>();
    final List<ClosedTrade> closed = new ArrayList<>();
    final List<Object> events = new ArrayList<>();

    @Override
    public void log(long timeMillis, LogLevel level, String message) {
        Line line = new Line(timeMillis, level, message);
        lines.add(line);
        events.add(line);
    }

    @Override
    public void tradeOpened(OpenTrade trade) {
        opened.add(trade);
        events.add(trade);
    }

    @Override
    public void tradeClosed(ClosedTrade trade) {
        closed.add(trade);
        events.add(trade);
    }

    List<String> messages() {
        return lines.stream().map(Line::message).toList();
    }

    List<String> messages(LogLevel level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }
}
