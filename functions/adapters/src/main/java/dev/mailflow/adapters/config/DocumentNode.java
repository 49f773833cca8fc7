package dev.mailflow.adapters.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A node of a YAML or JSON document that remembers the line it stands on.
 *
 * <p>Configuration and scenario files are written by people; a fault is only useful when it says
 * where it is. JSON is read as YAML (it is a subset for all a configuration needs), so both forms
 * get the same line numbers and the same messages.
 */
public final class DocumentNode {
  private static final int MAX_DOCUMENT_CHARS = 1_000_000;

  private final Node node;
  private final String path;

  private DocumentNode(Node node, String path) {
    this.node = node;
    this.path = path;
  }

  /**
   * Reads a document.
   *
   * @param text the document, YAML or JSON
   * @param source its name for messages, such as a file name or parameter name
   * @throws DocumentException with the line and what is wrong when it is not well-formed
   */
  public static DocumentNode parse(String text, String source) {
    if (text == null || text.isBlank()) {
      throw new DocumentException(source + ": the document is empty");
    }
    if (text.length() > MAX_DOCUMENT_CHARS) {
      throw new DocumentException(
          source
              + ": the document has "
              + text.length()
              + " characters, more than "
              + MAX_DOCUMENT_CHARS);
    }
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(20);
    options.setCodePointLimit(MAX_DOCUMENT_CHARS);
    Yaml yaml = new Yaml(new SafeConstructor(options));
    try {
      Node root = yaml.compose(new StringReader(text));
      if (root == null) {
        throw new DocumentException(source + ": the document is empty");
      }
      List<String> duplicates = new ArrayList<>();
      findDuplicateKeys(root, "", duplicates, Collections.newSetFromMap(new IdentityHashMap<>()));
      if (!duplicates.isEmpty()) {
        throw new DocumentException(source + ": " + String.join("; ", duplicates));
      }
      return new DocumentNode(root, "");
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
      throw new DocumentException(
          source + ": line " + line + ": not valid YAML or JSON: " + problem, e);
    } catch (YAMLException e) {
      throw new DocumentException(source + ": not valid YAML or JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Collects every key given twice in one map. SnakeYAML refuses duplicate keys only when it
   * constructs Java objects, not when it composes nodes as here, and a second value that silently
   * wins is exactly the mistake a person does not see.
   */
  private static void findDuplicateKeys(
      Node node, String path, List<String> duplicates, Set<Node> seen) {
    // An alias makes the same node appear again, possibly inside itself: look at each node once.
    if (!seen.add(node)) {
      return;
    }
    if (node instanceof MappingNode mapping) {
      Map<String, Integer> firstLines = new LinkedHashMap<>();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
        String child = key == null ? path : (path.isEmpty() ? key : path + "." + key);
        if (key != null) {
          int line = lineOf(tuple.getKeyNode());
          Integer first = firstLines.putIfAbsent(key, line);
          if (first != null) {
            duplicates.add(
                "line "
                    + line
                    + ": "
                    + child
                    + ": '"
                    + key
                    + "' is given twice (first on line "
                    + first
                    + "); keep one");
          }
        }
        findDuplicateKeys(tuple.getValueNode(), child, duplicates, seen);
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> values = sequence.getValue();
      for (int i = 0; i < values.size(); i++) {
        findDuplicateKeys(values.get(i), path + "[" + i + "]", duplicates, seen);
      }
    }
  }

  private static int lineOf(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }

  /** The 1-based line the node starts on. */
  public int line() {
    return lineOf(node);
  }

  /** Where the node is in the document, such as {@code routes[2].policy.lossTimeout}. */
  public String path() {
    return path.isEmpty() ? "(document)" : path;
  }

  public boolean isMap() {
    return node instanceof MappingNode;
  }

  public boolean isList() {
    return node instanceof SequenceNode;
  }

  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  /** A scalar's text; for a map or a list, a short description of it. */
  public String text() {
    if (node instanceof ScalarNode) {
      return ((ScalarNode) node).getValue();
    }
    return isMap() ? "(a map)" : "(a list)";
  }

  /** The fields of a map, in document order; empty for anything else. */
  public Map<String, DocumentNode> fields() {
    Map<String, DocumentNode> fields = new LinkedHashMap<>();
    if (node instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        String key =
            tuple.getKeyNode() instanceof ScalarNode
                ? ((ScalarNode) tuple.getKeyNode()).getValue()
                : "?";
        fields.put(key, new DocumentNode(tuple.getValueNode(), child(key)));
      }
    }
    return fields;
  }

  /** A field of a map, if present and not null. */
  public Optional<DocumentNode> field(String name) {
    DocumentNode value = fields().get(name);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  /** The items of a list; empty for anything else. */
  public List<DocumentNode> items() {
    List<DocumentNode> items = new ArrayList<>();
    if (node instanceof SequenceNode) {
      List<Node> values = ((SequenceNode) node).getValue();
      for (int i = 0; i < values.size(); i++) {
        items.add(new DocumentNode(values.get(i), path + "[" + i + "]"));
      }
    }
    return items;
  }

  /** True for an explicit null ({@code ~}, {@code null}, or nothing after the colon). */
  public boolean isNull() {
    return node instanceof ScalarNode && "tag:yaml.org,2002:null".equals(node.getTag().getValue());
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
