// What a sign-in path answers: a redirect (302) or a small page, each with the cookies it sets; SignInPages writes it.
package dev.portway.server.edge;

import java.util.List;

public record SignInAnswer(int status, String location, List<String> setCookies, String title, String message,
                           String link, String linkText) {
    public SignInAnswer {
        setCookies = List.copyOf(setCookies);
    }

    public static SignInAnswer redirect(String location, String... setCookies) {
        return new SignInAnswer(302, location, List.of(setCookies), null, null, null, null);
    }

    /** link: where the page's one link goes (null: none); message: plain text (it is escaped). */
    public static SignInAnswer page(int status, String title, String message, String link, String linkText,
                                    String... setCookies) {
        return new SignInAnswer(status, null, List.of(setCookies), title, message, link, linkText);
    }
}
