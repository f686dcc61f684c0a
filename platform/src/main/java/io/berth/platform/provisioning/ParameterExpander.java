package io.berth.platform.provisioning;

import io.berth.core.account.Principal;
import io.berth.core.catalog.ServicePlan;

import java.util.Map;

/**
 * Adds the parameters the platform owns to an install or configure command before it is stored: the
 * account's level and quotas, the resource package of a booking, the environment a notebook runs, the
 * account's SSH keys. Providers read them like any other parameter; the caller cannot forge them, because
 * an expander's values replace whatever the request carried under the same names.
 *
 * <p>Expanders run in the order they were added, each seeing the parameters the previous ones produced.
 */
@FunctionalInterface
public interface ParameterExpander {

    /**
     * @param caller     who submits the command
     * @param plan       the plan the deployment runs
     * @param parameters the parameters so far (the request's, merged with the deployment's for a configure);
     *                   unmodifiable
     * @return the parameters to add or replace; never null, possibly empty. A name mapped to null removes
     *         that parameter (what the request carried under a platform-owned name must not survive).
     * @throws io.berth.core.error.BerthException to refuse the command (e.g. an unknown environment)
     */
    Map<String, String> expand(Principal caller, ServicePlan plan, Map<String, String> parameters);
}
