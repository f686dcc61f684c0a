/**
 * The server-rendered web pages (landing page, give it a try, log in, register, mailed links, profile, log out,
 * the {@code /welcome} stand-in site) and OAuth / OpenID Connect sign-in: plain escaped HTML, a strict
 * Content-Security-Policy, CSRF tokens on every form, HttpOnly SameSite=Lax cookies and 303 redirects, on top of
 * the platform's sign-in service.
 */
package io.berth.server.web;
