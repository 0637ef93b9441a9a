package io.github.pineconeimport.pinecone;

/**
 * The one rule for what a host is, shared by the CRD's {@code indexHost} pattern (what the API
 * server admits) and {@link IndexEndpoint#parse} (what the operator uses): a value that passes one
 * and fails the other would get past validation and then fail every reconcile.
 *
 * <p>Host names follow RFC 1123: dot-separated labels of letters, digits and inner hyphens, 1 to 63
 * characters each, no empty label. The last label must start with a letter, as every top-level
 * domain does, because {@link java.net.URI} refuses a host such as {@code a.1b} (and the HTTP
 * client with it). IPv4 addresses are dotted quads of 0-255. Ports are 1-65535 without leading
 * zeros. Written without lookaround, so the same text is a valid ECMA-262, RE2 and Java regex.
 */
public final class HostSyntax {

  static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  static final String TOP_LABEL = "[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  static final String HOST_NAME = "(" + LABEL + "\\.)*" + TOP_LABEL;
  static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  static final String IPV4 = "(" + OCTET + "\\.){3}" + OCTET;
  public static final String HOST = "(" + HOST_NAME + "|" + IPV4 + ")";
  public static final String PORT =
      "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

  /** What a user may write in spec.indexHost; the CRD's pattern. */
  public static final String INDEX_HOST = "^(https://)?" + HOST + "(:" + PORT + ")?/?$";

  private HostSyntax() {}
}
