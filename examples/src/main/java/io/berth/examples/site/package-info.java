/**
 * An example notebook site's landing page: it redeems Berth's single-use login tokens server to server and
 * shows the account's level, package and notebook environment. JDK only; run with {@code ./berth example-site}.
 */
package io.berth.examples.site;
