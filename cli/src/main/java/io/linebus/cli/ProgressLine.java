package io.linebus.cli;

import java.io.PrintWriter;

/**
 * A status line updated while a command runs: rewritten in place on a terminal, one plain line per
 * update otherwise (a pipe, a log file, a test).
 */
final class ProgressLine {
    private final PrintWriter out;
    private final boolean inPlace;
    private int lastLength;

    /** @param inPlace true on a terminal ({@code System.console() != null}) */
    ProgressLine(PrintWriter out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    void update(String text) {
        if (inPlace) {
            out.print('\r');
            out.print(text);
            for (int i = text.length(); i < lastLength; i++) {
                out.print(' ');
            }
            lastLength = text.length();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /** Ends the line in place, so that what follows starts on a line of its own. */
    void finish() {
        if (inPlace && lastLength > 0) {
            out.println();
            out.flush();
            lastLength = 0;
        }
    }
}
