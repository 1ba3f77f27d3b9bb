package io.harmonia.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parsing of the list settings {@link HarmoniaConfig} reads (Kafka bootstrap servers, Cassandra
 * contact points, Elasticsearch URLs): comma-separated entries, blanks around an entry ignored, an
 * empty entry refused. Every error is an {@link IllegalArgumentException} that names the variable.
 */
final class SettingLists {

  private SettingLists() {}

  /** For {@link #hostPorts}: every entry must give its port. */
  static final int NO_DEFAULT_PORT = -1;
  // a DNS name or an IPv4 address (an IPv6 address comes in brackets and is checked apart)
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

  /** "host[:port], host[:port]": without a default port (-1), every entry must give its own. */
  static List<HarmoniaConfig.HostPort> hostPorts(String name, String value, int defaultPort) {
    List<HarmoniaConfig.HostPort> result = new ArrayList<>();
    for (String entry : entries(name, value, defaultPort < 0 ? "host:port" : "host[:port]")) {
      result.add(hostPort(name, entry, defaultPort));
    }
    return List.copyOf(result);
  }

  private static HarmoniaConfig.HostPort hostPort(String name, String entry, int defaultPort) {
    String host;
    String port;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw invalid(name, entry, "an IPv6 address opened with '[' is not closed with ']'");
      }
      host = entry.substring(1, close);
      String rest = entry.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw invalid(name, entry, "expected ':port' after ']'");
      }
      port = rest.isEmpty() ? null : rest.substring(1);
      if (!IPV6.matcher(host).matches()) {
        throw invalid(name, entry, "'" + host + "' is not an IPv6 address");
      }
    } else {
      if (entry.contains("://")) {
        throw invalid(name, entry, "give host:port, without a scheme");
      }
      int colon = entry.indexOf(':');
      if (colon >= 0 && entry.indexOf(':', colon + 1) >= 0) {
        throw invalid(name, entry, "put an IPv6 address in brackets, e.g. [::1]:9042");
      }
      host = colon < 0 ? entry : entry.substring(0, colon);
      port = colon < 0 ? null : entry.substring(colon + 1);
      if (!HOST_NAME.matcher(host).matches()) {
        throw invalid(name, entry, "'" + host + "' is not a host name or address");
      }
    }
    if (port == null) {
      if (defaultPort < 0) {
        throw invalid(name, entry, "every entry needs its port (host:port)");
      }
      return new HarmoniaConfig.HostPort(host, defaultPort);
    }
    return new HarmoniaConfig.HostPort(host, portNumber(name, entry, port));
  }

  /** "http://host:port, https://host:port": the scheme and the port are required. */
  static List<URI> httpUrls(String name, String value) {
    List<URI> result = new ArrayList<>();
    for (String entry : entries(name, value, "http://host:port")) {
      URI uri;
      try {
        uri = new URI(entry);
      } catch (URISyntaxException e) {
        throw invalid(name, entry, e.getReason());
      }
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
        throw invalid(name, entry, "give http://host:port or https://host:port");
      }
      if (uri.getHost() == null) {
        throw invalid(name, entry, "no host");
      }
      if (uri.getPort() < 0) {
        throw invalid(name, entry, "give the port (http://host:9200)");
      }
      if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw invalid(name, entry, "only scheme, host, port and a path prefix are allowed");
      }
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      uri = URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path);
      if (!result.isEmpty() && !result.get(0).getRawPath().equals(uri.getRawPath())) {
        throw invalid(name, entry, "every URL of the list must have the same path prefix as " + result.get(0));
      }
      result.add(uri);
    }
    return List.copyOf(result);
  }

  /** The comma-separated entries of a list, trimmed; an empty entry (",," or a trailing comma) is refused. */
  private static List<String> entries(String name, String value, String form) {
    List<String> entries = new ArrayList<>();
    for (String raw : value.split(",", -1)) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        throw new IllegalArgumentException(name + " has an empty entry in '" + value
            + "': give a comma-separated list of " + form);
      }
      entries.add(entry);
    }
    return entries;
  }

  private static int portNumber(String name, String entry, String port) {
    try {
      int number = Integer.parseInt(port);
      if (number >= 1 && number <= 65535) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(name, entry, "the port must be a number from 1 to 65535");
  }

  private static IllegalArgumentException invalid(String name, String entry, String why) {
    return new IllegalArgumentException(name + ": invalid entry '" + entry + "': " + why);
  }

}
