package io.botdeck.engine.broker;

import java.util.ArrayList;
import java.util.List;

import io.botdeck.core.LogLevel;

/** Keeps everything the engine reports, in order. */
public final class RecordingListener implements EngineListener {

    public record Line(long timeMillis, LogLevel level, String message) {
    }

    public final List<Line> lines = new ArrayList<>();
    public final List<OpenTrade> opened = new ArrayList<>();
    public final List<ClosedTrade> closed = new ArrayList<>();
    public final List<Object> events = new ArrayList<>();

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

    public List<String> messages() {
        return lines.stream().map(Line::message).toList();
    }

    public List<String> messages(LogLevel level) {
        return lines.stream().filter(l -> l.level() == level).map(Line::message).toList();
    }
}
