package io.berth.platform.environment;

import io.berth.core.account.Principal;
import io.berth.core.catalog.ServicePlan;
import io.berth.core.environment.Environment;
import io.berth.core.error.BerthException;
import io.berth.core.error.ErrorCode;
import io.berth.platform.provisioning.ParameterExpander;

import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Gives a deployment the parameters of its environment configuration: the request's {@code environment}
 * parameter names it, or the default environment when the request names none. The values are the stored,
 * checked parameters of the environment ({@code environment.name}, {@code environment.python.version},
 * {@code environment.python.packages}, {@code environment.java.version}, {@code environment.java.packages},
 * {@code environment.system.packages}, {@code environment.binary.packages}); whatever the request carried
 * under those names is replaced, and any other {@code environment.*} parameter of the request is refused, so
 * a caller cannot slip a setting past the environment.
 */
public final class EnvironmentParameters implements ParameterExpander {
    /** The request parameter that names the environment. */
    public static final String PARAMETER = "environment";
    private static final String PREFIX = "environment.";

    private final EnvironmentService environments;
    private final String defaultEnvironment;

    /** @param defaultEnvironment the environment of commands that name none */
    public EnvironmentParameters(EnvironmentService environments, String defaultEnvironment) {
        this.environments = requireNonNull(environments, "environments is null");
        this.defaultEnvironment = requireNonNull(defaultEnvironment, "defaultEnvironment is null");
    }

    /**
     * @throws BerthException ENVIRONMENT_NOT_FOUND for an unknown environment, INVALID_REQUEST for an
     *                        {@code environment.*} parameter that no environment sets
     */
    @Override
    public Map<String, String> expand(Principal caller, ServicePlan plan, Map<String, String> parameters) {
        String name = parameters.getOrDefault(PARAMETER, defaultEnvironment);
        Environment environment = environments.get(name);
        for (String key : parameters.keySet()) {
            if (key.startsWith(PREFIX) && !environment.parameters().containsKey(key)) {
                throw new BerthException(ErrorCode.INVALID_REQUEST, "parameter '" + key + "' is set by the platform"
                        + " from the environment configuration; name an environment with '" + PARAMETER + "'");
            }
        }
        Map<String, String> expanded = new LinkedHashMap<>(environment.parameters());
        expanded.put(PARAMETER, environment.name());
        return expanded;
    }
}
