package io.botdeck.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference graphql-ws client (the npm package the dashboard and GraphiQL use, run by the
 * frontend build's own node) subscribes to a running session through {@code bench/graphql/graphql-ws-client.mjs}.
 * Skipped when the frontend toolchain has not been installed (run the frontend build once).
 */
class ReferenceGraphqlWsClientTest extends GraphQlIntegrationTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final Path NODE = ROOT.resolve("frontend/node/node");
    private static final Path SCRIPT = ROOT.resolve("bench/graphql/graphql-ws-client.mjs");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeEach
    void toolchainInstalled() {
        assumeThat(Files.isExecutable(NODE)).as("frontend/node/node (installed by the frontend build)").isTrue();
        assumeThat(ROOT.resolve("frontend/node_modules/graphql-ws/package.json")).as("graphql-ws installed").exists();
    }

    @Test
    void theReferenceClientReceivesTheLinesOfARunningSessionAndResumesAfterASequence() throws Exception {
        String id = createTestSession();
        startSession(id);

        Run first = run("--session", id, "--count", "5", "--tail", "0");
        assertThat(first.exit()).as(first.stderr()).isZero();
        List<Long> sequences = first.lines().stream().map(l -> l.get("sequence").asLong()).toList();
        assertThat(sequences).hasSize(5);
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(sequences.get(i - 1) + 1);
        }
        assertThat(first.lines()).allSatisfy(l -> assertThat(l.get("timestamp").asString())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));

        long after = sequences.get(1);
        Run resumed = run("--session", id, "--count", "3", "--after", Long.toString(after));
        assertThat(resumed.exit()).as(resumed.stderr()).isZero();
        assertThat(resumed.lines()).extracting(l -> l.get("sequence").asLong())
                .containsExactly(after + 1, after + 2, after + 3);
        assertThat(resumed.lines().get(0).get("message").asString()).isEqualTo(first.lines().get(2).get("message").asString());
    }

    @Test
    void theReferenceClientGetsANotFoundErrorForAnUnknownSession() throws Exception {
        Run run = run("--session", "6f1c2b9e-0000-4000-8000-000000000000", "--count", "1");
        assertThat(run.exit()).as(run.stderr()).isEqualTo(2);
        JsonNode error = run.lines().get(0).get("errors").get(0);
        assertThat(error.get("extensions").get("classification").asString()).isEqualTo("NOT_FOUND");
        assertThat(error.get("message").asString()).contains("not found");
    }

    private record Run(int exit, List<JsonNode> lines, String stderr) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(NODE.toString(), SCRIPT.toString(),
                "--url", socketUri().toString(), "--frontend", ROOT.resolve("frontend").toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile("graphql-ws-client", ".err");
        Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
        String out;
        try (var stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        List<JsonNode> lines = out.lines().filter(l -> !l.isBlank()).map(JSON::readTree).toList();
        return new Run(done ? process.exitValue() : -1, lines, stderr);
    }
}
