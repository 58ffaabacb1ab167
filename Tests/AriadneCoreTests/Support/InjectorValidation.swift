import Foundation
import Testing

/// Validates documents with the injectors' own schemas, in the Python environment of `PythonVenv`:
/// a plan against `docs/plan.schema.json` (JSON Schema draft 2020-12, `jsonschema`), Chaos Mesh and
/// Istio resources against the OpenAPI v3 schemas of their CRDs (`spec.versions[].schema.openAPIV3Schema`),
/// also rejecting fields a schema does not declare (as `kubectl --validate=strict` does) and names
/// that are no DNS-1123 label, and Chaos Toolkit experiments with `chaos validate`.
enum InjectorValidation {
    struct Outcome {
        var valid: Bool
        var output: String
    }

    static let chaosMeshCRDs = TestPaths.data + "/injectors/chaos-mesh"
    static let istioCRD = TestPaths.data + "/injectors/istio/virtualservice.crd.yaml"
    static let planSchema = TestPaths.root + "/docs/plan.schema.json"

    static let scriptPath: String = {
        let path = TestPaths.scratch() + "/validate.py"
        FileManager.default.createFile(atPath: path, contents: Data(script.utf8))
        return path
    }()

    /// Validates the JSON `document` (a file) as `mode`: `plan`, `chaos-mesh` or `istio`.
    static func validate(_ mode: String, _ document: String) throws -> Outcome {
        let reference = ["plan": planSchema, "chaos-mesh": chaosMeshCRDs, "istio": istioCRD][mode]!
        let result = try PythonVenv.run(try PythonVenv.tool("python"), [scriptPath, mode, reference, document])
        return Outcome(valid: result.status == 0, output: result.output)
    }

    /// Validates the JSON `document` (a file) against the JSON Schema (draft 2020-12) file `schema`.
    static func validate(_ document: String, schema: String) throws -> Outcome {
        let result = try PythonVenv.run(try PythonVenv.tool("python"), [scriptPath, "plan", schema, document])
        return Outcome(valid: result.status == 0, output: result.output)
    }

    /// `chaos validate FILE`.
    static func chaosValidate(_ document: String) throws -> Outcome {
        let result = try PythonVenv.run(try PythonVenv.tool("chaos"), ["--no-log-file", "validate", document])
        return Outcome(valid: result.status == 0 && result.output.contains("looks valid"), output: result.output)
    }

    static let script = #"""
import json, sys, glob, os
import jsonschema, yaml

def strict_unknown(instance, schema, path, errors):
    """Fields the schema does not declare (kubectl --validate=strict rejects them; the API server prunes them)."""
    if not isinstance(schema, dict):
        return
    if isinstance(instance, dict):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        if props is not None and not schema.get("x-kubernetes-preserve-unknown-fields") and not extra:
            for key in instance:
                if key not in props:
                    errors.append("%s: unknown field %r" % ("/".join(path) or "/", key))
        for key, value in instance.items():
            if props and key in props:
                strict_unknown(value, props[key], path + [key], errors)
            elif isinstance(extra, dict):
                strict_unknown(value, extra, path + [key], errors)
    elif isinstance(instance, list) and isinstance(schema.get("items"), dict):
        for i, value in enumerate(instance):
            strict_unknown(value, schema["items"], path + [str(i)], errors)

def crd_schemas(paths):
    found = {}
    for path in paths:
        with open(path) as f:
            for doc in yaml.safe_load_all(f):
                if not doc or doc.get("kind") != "CustomResourceDefinition":
                    continue
                group, kind = doc["spec"]["group"], doc["spec"]["names"]["kind"]
                for version in doc["spec"]["versions"]:
                    if version.get("served", True):
                        found[(group + "/" + version["name"], kind)] = version["schema"]["openAPIV3Schema"]
    return found

def main():
    mode, reference, document = sys.argv[1:4]
    with open(document) as f:
        data = json.load(f)
    errors = []
    if mode == "plan":
        with open(reference) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = ["%s: %s" % ("/".join(map(str, e.absolute_path)), e.message) for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        count = 1
    else:
        schemas = crd_schemas(sorted(glob.glob(os.path.join(reference, "*.crd.yaml"))) if os.path.isdir(reference) else [reference])
        if data.get("kind") != "List" or not data.get("items"):
            errors.append("not a non-empty List")
        items = data.get("items", [])
        count = len(items)
        for i, item in enumerate(items):
            key = (item.get("apiVersion"), item.get("kind"))
            schema = schemas.get(key)
            if schema is None:
                errors.append("item %d: no CRD serves %s %s (have %s)" % (i, key[0], key[1], sorted(schemas)))
                continue
            for e in jsonschema.Draft4Validator(schema).iter_errors(item):
                errors.append("item %d %s: %s" % (i, "/".join(map(str, e.absolute_path)), e.message))
            unknown = []
            strict_unknown(item.get("spec"), schema["properties"]["spec"], ["spec"], unknown)
            errors += ["item %d %s" % (i, u) for u in unknown]
            meta = item.get("metadata", {})
            name = meta.get("name", "")
            import re
            if not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", name) or len(name) > 63:
                errors.append("item %d: metadata.name %r is not a DNS-1123 label" % (i, name))
    for e in errors:
        print("INVALID", e)
    print("checked %d %s: %d error(s)" % (count, mode, len(errors)))
    sys.exit(1 if errors else 0)

main()
"""#
}
