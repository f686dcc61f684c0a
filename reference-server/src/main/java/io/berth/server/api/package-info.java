/**
 * The JSON documents of the REST API ({@code docs/api.md}). Requests are read into these records and
 * turned into domain values, which validate themselves; answers are made from domain values. No domain
 * record is ever bound to JSON directly.
 */
package io.berth.server.api;
