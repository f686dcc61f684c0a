/**
 * The Berth reference server: configuration from the environment ({@link io.berth.server.ServerConfig}), the
 * wiring of store, providers and platform services ({@link io.berth.server.BerthServer}), and the command
 * line entry point ({@link io.berth.server.Main}).
 */
package io.berth.server;
