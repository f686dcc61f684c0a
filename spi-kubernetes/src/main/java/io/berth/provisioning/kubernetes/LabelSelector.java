package io.berth.provisioning.kubernetes;

import java.util.Map;

/**
 * Matches labels against an equality-based selector checked by {@link KubernetesSettings#selector}: terms
 * {@code key}, {@code !key}, {@code key=value}, {@code key==value} and {@code key!=value}, all of which must hold.
 * Matching locally (instead of asking the API server to filter) lets capacity discovery list the nodes it left
 * out, with the reason.
 */
final class LabelSelector {

    private LabelSelector() {
    }

    /** Whether {@code labels} satisfy every term of {@code selector}, a selector already checked for form. */
    static boolean matches(String selector, Map<String, String> labels) {
        for (String term : selector.split(",")) {
            if (!matchesTerm(term.strip(), labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesTerm(String term, Map<String, String> labels) {
        int notEquals = term.indexOf("!=");
        if (notEquals > 0) {
            String value = labels.get(term.substring(0, notEquals));
            return !term.substring(notEquals + 2).equals(value);
        }
        int equals = term.indexOf('=');
        if (equals > 0) {
            String expected = term.substring(term.startsWith("==", equals) ? equals + 2 : equals + 1);
            return expected.equals(labels.get(term.substring(0, equals)));
        }
        if (term.startsWith("!")) {
            return !labels.containsKey(term.substring(1));
        }
        return labels.containsKey(term);
    }
}
