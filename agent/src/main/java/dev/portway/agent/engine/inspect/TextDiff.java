// A line diff of two texts, for a replay's answer beside the original: the longest common subsequence of lines,
// with the common head and tail cut first so that the usual case (a few changed lines) stays small, and a plain
// "all removed, all added" past MAX_CELLS, so that two big bodies cannot cost quadratic time or memory.
package dev.portway.agent.engine.inspect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class TextDiff {
    /** Past this many cells of the LCS table (lines of one side times the other), the middle is shown replaced. */
    static final long MAX_CELLS = 4_000_000;

    /** op: ' ' in both, '-' only in the first text, '+' only in the second. */
    public record Line(char op, String text) {
        public boolean changed() {
            return op != ' ';
        }
    }

    private TextDiff() {
    }

    public static List<Line> lines(String a, String b) {
        return lines(split(a), split(b));
    }

    static List<Line> lines(List<String> a, List<String> b) {
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        List<Line> out = new ArrayList<>(a.size() + b.size());
        a.subList(0, head).forEach(s -> out.add(new Line(' ', s)));
        middle(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), out);
        a.subList(a.size() - tail, a.size()).forEach(s -> out.add(new Line(' ', s)));
        return out;
    }

    private static void middle(List<String> a, List<String> b, List<Line> out) {
        int n = a.size();
        int m = b.size();
        if ((long) n * m > MAX_CELLS) {
            a.forEach(s -> out.add(new Line('-', s)));
            b.forEach(s -> out.add(new Line('+', s)));
            return;
        }
        // common[i][j]: the LCS length of a[i..] and b[j..]
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                out.add(new Line(' ', a.get(i++)));
                j++;
            } else if (common[i + 1][j] >= common[i][j + 1]) {
                out.add(new Line('-', a.get(i++)));
            } else {
                out.add(new Line('+', b.get(j++)));
            }
        }
        while (i < n) {
            out.add(new Line('-', a.get(i++)));
        }
        while (j < m) {
            out.add(new Line('+', b.get(j++)));
        }
    }

    private static List<String> split(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\r?\n", -1));
    }
}
