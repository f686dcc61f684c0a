package io.berth.platform.provisioning;

import io.berth.core.account.Principal;
import io.berth.core.account.SshKey;
import io.berth.core.catalog.ServicePlan;
import io.berth.platform.auth.SshKeyService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Puts the SSH public keys of the account that submits a command into the parameter {@value #NAME}: their
 * OpenSSH lines, oldest key first, separated by newlines, for a provider to write into {@code authorized_keys}.
 * Without keys the parameter is absent (also when the request carried one).
 *
 * <p>The value stays within {@value #MAX_LENGTH} characters: keys are taken oldest first while they fit, and a
 * key that would pass the limit is left out (with the later ones), with a warning naming the left-out keys'
 * fingerprints in the server log. Twenty Ed25519 or ECDSA keys always fit; only several large RSA keys can pass it.
 */
public final class SshKeysParameter implements ParameterExpander {
    /** The parameter's name. */
    public static final String NAME = "ssh.keys";
    /** The longest value the parameter takes. */
    public static final int MAX_LENGTH = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(SshKeysParameter.class);

    private final SshKeyService keys;

    public SshKeysParameter(SshKeyService keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    @Override
    public Map<String, String> expand(Principal caller, ServicePlan plan, Map<String, String> parameters) {
        StringBuilder value = new StringBuilder();
        List<String> leftOut = new ArrayList<>();
        for (SshKey key : keys.keysOf(caller.account())) {
            String line = key.key().line();
            int length = value.length() + (value.length() == 0 ? 0 : 1) + line.length();
            if (!leftOut.isEmpty() || length > MAX_LENGTH) {
                leftOut.add(key.fingerprint());
                continue;
            }
            if (value.length() > 0) {
                value.append('\n');
            }
            value.append(line);
        }
        if (!leftOut.isEmpty()) {
            LOG.warn("{} of account {} leaves out the SSH keys {}: together they pass {} characters", NAME,
                    caller.name(), leftOut, MAX_LENGTH);
        }
        Map<String, String> result = new HashMap<>();
        result.put(NAME, value.length() == 0 ? null : value.toString());
        return result;
    }
}
