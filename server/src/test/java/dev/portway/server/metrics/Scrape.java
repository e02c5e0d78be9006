// A Prometheus text scrape, read back: each sample's value by its name and labels (the one parser for every module's
// tests).
package dev.portway.server.metrics;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

public record Scrape(List<String> samples) {

    public static Scrape of(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                lines.add(line);
            }
        }
        return new Scrape(lines);
    }

    /** GET url; fails unless it answers 200 in the Prometheus text format. */
    public static Scrape fetch(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
            throw new AssertionError("scrape of " + url + ": " + r.statusCode() + " " + r.headers().map());
        }
        return of(r.body());
    }

    /** The sum of every sample of the metric whose labels include all of labels ("k=v"); 0 when there is none. */
    public double value(String metric, String... labels) {
        double sum = 0;
        for (String line : samples) {
            if (name(line).equals(metric) && hasLabels(line, labels)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Whether some sample of the metric has all of labels. */
    public boolean has(String metric, String... labels) {
        return samples.stream().anyMatch(l -> name(l).equals(metric) && hasLabels(l, labels));
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.forEach(l -> names.add(name(l)));
        return names;
    }

    private static String name(String line) {
        int end = line.indexOf('{');
        return line.substring(0, end >= 0 ? end : line.indexOf(' '));
    }

    private static boolean hasLabels(String line, String... labels) {
        for (String label : labels) {
            String[] kv = label.split("=", 2);
            String pair = kv[0] + "=\"" + kv[1] + "\"";
            if (!line.contains("{" + pair) && !line.contains("," + pair)) {
                return false;
            }
        }
        return true;
    }
}
