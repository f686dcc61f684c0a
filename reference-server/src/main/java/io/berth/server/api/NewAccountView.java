package io.berth.server.api;

/** The answer to {@code POST /accounts}: the account and its first API key, shown this once. */
public record NewAccountView(AccountView account, String apiKey) {

    @Override
    public String toString() {
        return "NewAccountView[account=" + account + ", apiKey=<hidden>]";
    }
}
