package io.berth.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SseParserTest {

    @Test
    void readsIdEventAndData() throws IOException {
        assertThat(parse("id: 3\nevent: task\ndata: {\"seq\":3}\n\n"))
                .containsExactly(new SseParser.Event("3", "task", "{\"seq\":3}"));
    }

    @Test
    void joinsDataLinesAndSkipsCommentsAndUnknownFields() throws IOException {
        assertThat(parse(": keep-alive\n\nid:7\nretry: 1000\nfoo: bar\ndata: first\ndata:second\n\n"))
                .containsExactly(new SseParser.Event("7", "message", "first\nsecond"));
    }

    @Test
    void acceptsCarriageReturnLineEnds() throws IOException {
        assertThat(parse("id: 1\r\nevent: command\r\ndata: a\r\n\r\nid: 2\revent: command\rdata: b\r\r"))
                .containsExactly(new SseParser.Event("1", "command", "a"), new SseParser.Event("2", "command", "b"));
    }

    @Test
    void dropsAnEventCutOffBeforeItsBlankLine() throws IOException {
        assertThat(parse("id: 1\nevent: task\ndata: whole\n\nid: 2\nevent: task\ndata: {\"seq\":"))
                .containsExactly(new SseParser.Event("1", "task", "whole"));
    }

    @Test
    void ignoresBlocksWithoutData() throws IOException {
        assertThat(parse("id: 1\nevent: task\n\ndata: x\n\n"))
                .containsExactly(new SseParser.Event(null, "message", "x"));
    }

    private static List<SseParser.Event> parse(String stream) throws IOException {
        SseParser parser = new SseParser(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        List<SseParser.Event> events = new ArrayList<>();
        SseParser.Event event;
        while ((event = parser.next()) != null) {
            events.add(event);
        }
        return events;
    }
}
