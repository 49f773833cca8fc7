package dev.mailflow.infrastructure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation or SAM template read as plain maps and lists, with the short-form intrinsic
 * functions ({@code !Ref}, {@code !GetAtt}, {@code !Sub}, ...) turned into their long form ({@code
 * {"Ref": ...}}, {@code {"Fn::GetAtt": [...]}}), and enough of CloudFormation's evaluation to
 * resolve the values the tests compare: parameter defaults, conditions, {@code Ref}, {@code
 * Fn::Sub}, {@code Fn::If}, {@code Fn::FindInMap}, {@code Fn::Join}, {@code Fn::Split}, {@code
 * Fn::Select}.
 */
final class CloudFormationTemplate {
  private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([^}!][^}]*)}");

  /** What a {@code Ref} to a resource stands for while resolving: its name, ARN or id. */
  interface ResourceNames {
    String ref(String logicalId, String type);
  }

  private final Map<String, Object> document;

  private CloudFormationTemplate(Map<String, Object> document) {
    this.document = document;
  }

  static CloudFormationTemplate read(Path path) {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the template " + path, e);
    }
  }

  @SuppressWarnings("unchecked")
  static CloudFormationTemplate parse(String text) {
    Yaml yaml = new Yaml(new IntrinsicFunctions(new LoaderOptions()));
    return new CloudFormationTemplate((Map<String, Object>) yaml.load(text));
  }

  Map<String, Object> section(String name) {
    return map(document.getOrDefault(name, Map.of()));
  }

  Map<String, Object> resource(String logicalId) {
    Object resource = section("Resources").get(logicalId);
    if (resource == null) {
      throw new AssertionError("the template has no resource " + logicalId);
    }
    return map(resource);
  }

  String type(String logicalId) {
    return (String) resource(logicalId).get("Type");
  }

  Map<String, Object> properties(String logicalId) {
    return map(resource(logicalId).getOrDefault("Properties", Map.of()));
  }

  /** The logical ids of the resources of {@code type}, in template order. */
  List<String> resourcesOfType(String type) {
    List<String> ids = new ArrayList<>();
    section("Resources")
        .forEach(
            (id, resource) -> {
              if (type.equals(map(resource).get("Type"))) {
                ids.add(id);
              }
            });
    return ids;
  }

  /** Every parameter at its default, as CloudFormation passes parameters: as strings. */
  Map<String, String> parameterDefaults() {
    Map<String, String> values = new LinkedHashMap<>();
    section("Parameters")
        .forEach(
            (name, parameter) -> {
              Object value = map(parameter).get("Default");
              if (value != null) {
                values.put(name, String.valueOf(value));
              }
            });
    return values;
  }

  /**
   * Resolves {@code value} with the given parameter values (pseudo parameters such as {@code
   * AWS::StackName} among them, where given); {@link #NO_VALUE} for AWS::NoValue.
   */
  Object resolve(Object value, Map<String, String> parameters, ResourceNames names) {
    if (value instanceof List<?> list) {
      List<Object> resolved = new ArrayList<>();
      for (Object item : list) {
        Object one = resolve(item, parameters, names);
        if (one != NO_VALUE) {
          resolved.add(one);
        }
      }
      return resolved;
    }
    if (!(value instanceof Map<?, ?>)) {
      return value;
    }
    Map<String, Object> map = map(value);
    if (map.size() == 1) {
      Map.Entry<String, Object> only = map.entrySet().iterator().next();
      switch (only.getKey()) {
        case "Ref":
          return ref((String) only.getValue(), parameters, names);
        case "Fn::Sub":
          return sub(only.getValue(), parameters, names);
        case "Fn::If":
          {
            List<?> branches = (List<?>) only.getValue();
            boolean holds = condition((String) branches.get(0), parameters);
            return resolve(branches.get(holds ? 1 : 2), parameters, names);
          }
        case "Fn::FindInMap":
          {
            List<?> keys = (List<?>) only.getValue();
            Map<String, Object> mapping =
                map(
                    section("Mappings")
                        .get(String.valueOf(resolve(keys.get(0), parameters, names))));
            Map<String, Object> top =
                map(mapping.get(String.valueOf(resolve(keys.get(1), parameters, names))));
            return top.get(String.valueOf(resolve(keys.get(2), parameters, names)));
          }
        case "Fn::GetAtt":
          {
            List<?> target = (List<?>) only.getValue();
            return names.ref(target.get(0) + "." + target.get(1), "Fn::GetAtt");
          }
        case "Fn::Join":
          {
            List<?> arguments = (List<?>) only.getValue();
            List<String> items = new ArrayList<>();
            for (Object item : (List<?>) resolve(arguments.get(1), parameters, names)) {
              items.add(String.valueOf(item));
            }
            return String.join((String) arguments.get(0), items);
          }
        case "Fn::Split":
          {
            List<?> arguments = (List<?>) only.getValue();
            String text = String.valueOf(resolve(arguments.get(1), parameters, names));
            return List.of(text.split(Pattern.quote((String) arguments.get(0)), -1));
          }
        case "Fn::Select":
          {
            List<?> arguments = (List<?>) only.getValue();
            int index = Integer.parseInt(String.valueOf(arguments.get(0)));
            return ((List<?>) resolve(arguments.get(1), parameters, names)).get(index);
          }
        default:
          break;
      }
    }
    Map<String, Object> resolved = new LinkedHashMap<>();
    map.forEach(
        (key, item) -> {
          Object one = resolve(item, parameters, names);
          if (one != NO_VALUE) {
            resolved.put(key, one);
          }
        });
    return resolved;
  }

  /** The value of AWS::NoValue: the property or item is left out. */
  static final Object NO_VALUE = new Object();

  private Object ref(String name, Map<String, String> parameters, ResourceNames names) {
    if (name.equals("AWS::NoValue")) {
      return NO_VALUE;
    }
    // A pseudo parameter given with the parameters (AWS::StackName, say) overrides the stand-in.
    if (name.startsWith("AWS::") && !parameters.containsKey(name)) {
      return pseudoParameter(name);
    }
    if (parameters.containsKey(name)) {
      // A list parameter is passed as CloudFormation takes it, comma-separated, and is a list.
      Object parameter = section("Parameters").get(name);
      if (parameter != null && "CommaDelimitedList".equals(map(parameter).get("Type"))) {
        return List.of(parameters.get(name).split(",", -1));
      }
      return parameters.get(name);
    }
    String logicalId = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
    return names.ref(name, type(logicalId));
  }

  private String sub(Object argument, Map<String, String> parameters, ResourceNames names) {
    String text;
    Map<String, Object> variables = Map.of();
    if (argument instanceof List<?> list) {
      text = (String) list.get(0);
      variables = map(list.get(1));
    } else {
      text = (String) argument;
    }
    Matcher matcher = SUB_REFERENCE.matcher(text);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      Object value;
      if (variables.containsKey(name)) {
        value = resolve(variables.get(name), parameters, names);
      } else if (name.contains(".") && !name.startsWith("AWS::")) {
        value = names.ref(name, "Fn::GetAtt");
      } else {
        value = ref(name, parameters, names);
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(String.valueOf(value)));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  /** The template's resource and parameter names that {@code Fn::Sub} text refers to. */
  static List<String> subReferences(String text) {
    List<String> names = new ArrayList<>();
    Matcher matcher = SUB_REFERENCE.matcher(text);
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!name.startsWith("AWS::")) {
        names.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
      }
    }
    return names;
  }

  boolean condition(String name, Map<String, String> parameters) {
    Object definition = section("Conditions").get(name);
    if (definition == null) {
      throw new AssertionError("the template has no condition " + name);
    }
    return holds(definition, parameters);
  }

  private boolean holds(Object expression, Map<String, String> parameters) {
    Map<String, Object> map = map(expression);
    Map.Entry<String, Object> only = map.entrySet().iterator().next();
    List<?> arguments = only.getValue() instanceof List<?> list ? list : List.of(only.getValue());
    ResourceNames none =
        (id, type) -> {
          throw new AssertionError("a condition refers to resource " + id);
        };
    return switch (only.getKey()) {
      case "Fn::Equals" ->
          String.valueOf(resolve(arguments.get(0), parameters, none))
              .equals(String.valueOf(resolve(arguments.get(1), parameters, none)));
      case "Fn::Not" -> !holds(arguments.get(0), parameters);
      case "Fn::And" -> arguments.stream().allMatch(argument -> holds(argument, parameters));
      case "Fn::Or" -> arguments.stream().anyMatch(argument -> holds(argument, parameters));
      case "Condition" -> condition((String) only.getValue(), parameters);
      default -> throw new AssertionError("unsupported condition function " + only.getKey());
    };
  }

  private static String pseudoParameter(String name) {
    return switch (name) {
      case "AWS::Region" -> "eu-west-1";
      case "AWS::AccountId" -> "123456789012";
      case "AWS::Partition" -> "aws";
      case "AWS::StackName" -> "mailflow";
      case "AWS::URLSuffix" -> "amazonaws.com";
      default -> throw new AssertionError("unsupported pseudo parameter " + name);
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError("expected a mapping, not " + value);
    }
    return (Map<String, Object>) value;
  }

  static Optional<Map<String, Object>> optionalMap(Object value) {
    return value == null ? Optional.empty() : Optional.of(map(value));
  }

  /** The short-form intrinsic functions, read as their long form. */
  private static final class IntrinsicFunctions extends SafeConstructor {
    private static final Map<String, String> FUNCTIONS =
        Map.ofEntries(
            Map.entry("!Ref", "Ref"),
            Map.entry("!Condition", "Condition"),
            Map.entry("!GetAtt", "Fn::GetAtt"),
            Map.entry("!Sub", "Fn::Sub"),
            Map.entry("!If", "Fn::If"),
            Map.entry("!Equals", "Fn::Equals"),
            Map.entry("!Not", "Fn::Not"),
            Map.entry("!And", "Fn::And"),
            Map.entry("!Or", "Fn::Or"),
            Map.entry("!Join", "Fn::Join"),
            Map.entry("!Select", "Fn::Select"),
            Map.entry("!Split", "Fn::Split"),
            Map.entry("!FindInMap", "Fn::FindInMap"),
            Map.entry("!Base64", "Fn::Base64"),
            Map.entry("!GetAZs", "Fn::GetAZs"),
            Map.entry("!ImportValue", "Fn::ImportValue"),
            Map.entry("!Cidr", "Fn::Cidr"));

    IntrinsicFunctions(LoaderOptions options) {
      super(options);
      FUNCTIONS.forEach((tag, function) -> yamlConstructors.put(new Tag(tag), new Long(function)));
    }

    private final class Long extends AbstractConstruct {
      private final String function;

      Long(String function) {
        this.function = function;
      }

      @Override
      public Object construct(Node node) {
        Object argument;
        if (node instanceof ScalarNode scalar) {
          String value = scalar.getValue();
          // !GetAtt Resource.Attribute is the short form of ["Resource", "Attribute"].
          argument =
              function.equals("Fn::GetAtt")
                  ? List.of(
                      value.substring(0, value.indexOf('.')),
                      value.substring(value.indexOf('.') + 1))
                  : value;
        } else if (node instanceof SequenceNode sequence) {
          argument = constructSequence(sequence);
        } else {
          argument = constructMapping((MappingNode) node);
        }
        Map<String, Object> longForm = new LinkedHashMap<>();
        longForm.put(function, argument);
        return longForm;
      }
    }
  }
}
