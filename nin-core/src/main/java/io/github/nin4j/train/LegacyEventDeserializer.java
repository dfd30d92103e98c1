package io.github.nin4j.train;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a manifest's events: typed objects, or the sentences that versions before typed events
 * wrote, as {@link RunEvent.Note}s, so that their run directories still open.
 */
final class LegacyEventDeserializer extends JsonDeserializer<List<RunEvent>> {

    @Override
    public List<RunEvent> deserialize(JsonParser parser, DeserializationContext context)
            throws IOException {
        List<RunEvent> events = new ArrayList<>();
        for (JsonNode node : parser.<JsonNode>readValueAsTree()) {
            events.add(
                    node.isTextual()
                            ? new RunEvent.Note(node.asText())
                            : parser.getCodec().treeToValue(node, RunEvent.class));
        }
        return events;
    }
}
