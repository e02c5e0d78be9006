// --acme-dns-hook CMD split into a program and its arguments, without a shell: words are separated by blanks, and
// 'single quotes' (taken literally), "double quotes" (where \" and \\ escape) or a backslash keep blanks in a word.
// Whoever wants a shell writes one: sh -c 'my-dns "$@"' hook. The action, FQDN and value follow these words.
package dev.portway.server.acme;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public record HookCommand(List<String> words) {
    public HookCommand {
        words = List.copyOf(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("--acme-dns-hook is empty");
        }
    }

    /** Splits line as described above; a plain message when a quote is left open or there is no word at all. */
    public static HookCommand parse(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("--acme-dns-hook: a single quote is not closed");
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return new HookCommand(words);
    }

    /** Appends the quoted part that starts at from; returns the index of its closing quote. */
    private static int doubleQuoted(String line, int from, StringBuilder word) {
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                c = line.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("--acme-dns-hook: a double quote is not closed");
    }

    /** The program; a name without a slash is looked up on PATH when run, a path must be an executable file. */
    public String program() {
        return words.get(0);
    }

    /** A plain message at start-up rather than at the first order, hours later, when the program cannot run. */
    public void checkRunnable() {
        String program = program();
        if (program.contains("/") && !(Files.isRegularFile(Path.of(program)) && Files.isExecutable(Path.of(program)))) {
            throw new IllegalArgumentException("--acme-dns-hook: " + program + " is not an executable file");
        }
    }

    /** The words of one run: the command's, then the action, the FQDN and the value. */
    List<String> with(String action, String fqdn, String value) {
        List<String> argv = new ArrayList<>(words);
        argv.add(action);
        argv.add(fqdn);
        argv.add(value);
        return argv;
    }
}
