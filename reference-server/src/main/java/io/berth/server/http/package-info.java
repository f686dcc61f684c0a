/**
 * The HTTP side of the server on Javalin: routes of docs/api.md, bearer-key authentication, problem
 * answers, the command event stream, metrics and the OpenAPI document.
 */
package io.berth.server.http;
