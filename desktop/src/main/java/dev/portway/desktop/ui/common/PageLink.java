// A web page for the browser, and what a person copying its address by hand must know of it (or null): the admin
// page's sign-in link works once, and only for a minute.
package dev.portway.desktop.ui.common;

public record PageLink(String url, String note) {
    public static PageLink plain(String url) {
        return new PageLink(url, null);
    }
}
