package io.berth.client.cli;

import picocli.CommandLine;

import java.util.List;
import java.util.Locale;

/** How results are printed: aligned text for people, or the API's JSON documents for scripts. */
enum OutputFormat {
    TEXT,
    JSON;

    /** Accepts {@code text} and {@code json} in any case. */
    static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected text or json but was '" + value + "'");
            }
        }
    }

    /** The values shown in help and offered by shell completion. */
    static final class Candidates implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("text", "json").iterator();
        }
    }
}
