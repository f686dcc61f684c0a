package io.berth.server.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A small builder of plain HTML pages: every text that goes in through {@link #text}, {@link #p}, a heading, a
 * field or an attribute is escaped; only the builder's own markup is raw. Pages carry one inline style sheet,
 * allowed by the Content-Security-Policy through its hash ({@link #STYLE_SOURCE}), and no script at all.
 */
public final class Html {
    static final String STYLE = "body{font-family:sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
            + "line-height:1.5;color:#222}header{display:flex;justify-content:space-between;align-items:center;"
            + "border-bottom:1px solid #ccc;margin-bottom:1rem}header a{margin-left:1rem}"
            + "form{margin:1rem 0}label{display:block;margin:.5rem 0}input[type=email],input[type=password],"
            + "input[type=text]{display:block;width:100%;max-width:24rem;padding:.3rem}"
            + "button{padding:.4rem 1rem;margin:.3rem .3rem .3rem 0}.warning{background:#fff3cd;padding:.6rem}"
            + ".error{background:#f8d7da;padding:.6rem}.secret{font-family:monospace;background:#eee;padding:.4rem;white-space:pre-wrap;"
            + "word-break:break-all}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}";
    /** The CSP source expression that allows {@link #STYLE} and nothing else inline. */
    public static final String STYLE_SOURCE = "'sha256-" + sha256(STYLE) + "'";

    private final StringBuilder body = new StringBuilder();
    private final String title;

    private Html(String title) {
        this.title = title;
    }

    /** A page of that title (escaped). */
    public static Html page(String title) {
        return new Html(title);
    }

    /** Escapes text for an HTML element or a quoted attribute value. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A heading. */
    public Html h1(String text) {
        return tag("h1", text);
    }

    /** A sub-heading. */
    public Html h2(String text) {
        return tag("h2", text);
    }

    /** A paragraph. */
    public Html p(String text) {
        return tag("p", text);
    }

    /** A paragraph with a class ({@code warning}, {@code error}, {@code secret}). */
    public Html p(String cssClass, String text) {
        body.append("<p class=\"").append(escape(cssClass)).append("\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Escaped text without an element. */
    public Html text(String text) {
        body.append(escape(text));
        return this;
    }

    /** A paragraph holding one link. */
    public Html link(String href, String text) {
        body.append("<p><a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a></p>\n");
        return this;
    }

    /** A definition list of name/value pairs. */
    public Html facts(String... namesAndValues) {
        body.append("<dl>\n");
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            body.append("<dt>").append(escape(namesAndValues[i])).append("</dt><dd>")
                    .append(escape(namesAndValues[i + 1])).append("</dd>\n");
        }
        body.append("</dl>\n");
        return this;
    }

    /** A table whose cells are escaped. */
    public Html table(java.util.List<String> header, java.util.List<java.util.List<String>> rows) {
        body.append("<table>\n<tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr>\n");
        for (java.util.List<String> row : rows) {
            body.append("<tr>");
            row.forEach(cell -> body.append("<td>").append(escape(cell)).append("</td>"));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** A POST form with the CSRF token, its fields and one submit button. */
    public Html form(String action, String csrf, String button, Field... fields) {
        body.append("<form method=\"post\" action=\"").append(escape(action)).append("\">\n");
        body.append("<input type=\"hidden\" name=\"").append(WebPages.CSRF_FIELD).append("\" value=\"")
                .append(escape(csrf)).append("\">\n");
        for (Field field : fields) {
            if (field.type().equals("hidden")) {
                body.append("<input type=\"hidden\" name=\"").append(escape(field.name())).append("\" value=\"")
                        .append(escape(field.value())).append("\">\n");
            } else {
                body.append("<label>").append(escape(field.label())).append(" <input type=\"")
                        .append(escape(field.type())).append("\" name=\"").append(escape(field.name()))
                        .append("\" id=\"").append(escape(field.name())).append("\" value=\"")
                        .append(escape(field.value())).append("\"")
                        .append(field.type().equals("checkbox") ? "" : " required")
                        .append(field.autocomplete() == null ? "" : " autocomplete=\"" + escape(field.autocomplete()) + "\"")
                        .append("></label>\n");
            }
        }
        body.append("<button type=\"submit\" id=\"").append(escape(buttonId(button))).append("\">")
                .append(escape(button)).append("</button>\n</form>\n");
        return this;
    }

    /** The whole document. */
    public String render(String signedInAs) {
        StringBuilder out = new StringBuilder(body.length() + 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append(" - Berth</title>\n")
                .append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n<header><a href=\"/\">Berth</a><nav>");
        if (signedInAs == null) {
            out.append("<a href=\"/login\">Log in</a><a href=\"/register\">Register</a>");
        } else {
            out.append("<span>").append(escape(signedInAs)).append("</span><a href=\"/profile\">Profile</a>")
                    .append("<a href=\"/logout\">Log out</a>");
        }
        out.append("</nav></header>\n<main>\n").append(body).append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    private Html tag(String tag, String text) {
        body.append('<').append(tag).append('>').append(escape(text)).append("</").append(tag).append(">\n");
        return this;
    }

    /** The id of a button: its text in lower case with dashes, so that tests and people can find it. */
    static String buttonId(String text) {
        return "button-" + text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * A form field.
     *
     * @param type         {@code text}, {@code email}, {@code password}, {@code checkbox} or {@code hidden}
     * @param autocomplete the autocomplete hint, or null
     */
    public record Field(String type, String name, String label, String value, String autocomplete) {
        /** A visible field. */
        public static Field of(String type, String name, String label) {
            return new Field(type, name, label, "", autocompleteFor(type, name));
        }

        /** A visible field with a value. */
        public static Field of(String type, String name, String label, String value) {
            return new Field(type, name, label, value == null ? "" : value, autocompleteFor(type, name));
        }

        /** A hidden field. */
        public static Field hidden(String name, String value) {
            return new Field("hidden", name, "", value, null);
        }

        private static String autocompleteFor(String type, String name) {
            if (type.equals("email")) {
                return "email";
            }
            if (type.equals("password")) {
                return name.equals("current") ? "current-password" : "new-password";
            }
            return null;
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
