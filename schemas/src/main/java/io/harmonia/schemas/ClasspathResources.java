package io.harmonia.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Lists and reads this module's schema files, whether they sit in target/classes or in a jar. */
final class ClasspathResources {

  private ClasspathResources() {}

  /** The file names directly in a classpath directory that end with the suffix, sorted. */
  static List<String> list(String directory, String suffix) {
    URL url = ClasspathResources.class.getClassLoader().getResource(directory);
    if (url == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try {
      if ("jar".equals(url.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        try (JarFile jar = connection.getJarFile()) {
          String prefix = directory.endsWith("/") ? directory : directory + "/";
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (name.startsWith(prefix) && name.endsWith(suffix) && name.indexOf('/', prefix.length()) < 0) {
              names.add(name.substring(prefix.length()));
            }
          }
        }
      } else {
        try (Stream<Path> files = Files.list(Path.of(toUri(url)))) {
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix)).forEach(names::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    names.sort(null);
    return names;
  }

  static String read(String resource) {
    try (InputStream in = ClasspathResources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static URI toUri(URL url) {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("bad classpath URL " + url, e);
    }
  }

  /** The SHA-256 of a schema file's text, in hex: how applied files are recognised. */
  static String sha256(String text) {
    try {
      return java.util.HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
