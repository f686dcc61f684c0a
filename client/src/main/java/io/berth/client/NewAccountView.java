package io.berth.client;

/**
 * The answer to creating an account.
 *
 * @param apiKey the account's first API key; the server shows it this once and stores only its digest
 */
public record NewAccountView(AccountView account, String apiKey) {
}
