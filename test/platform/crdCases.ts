/**
 * CustomResourceDefinitions the apiserver refuses, each beside the nearest one it accepts, and
 * custom resources whose string formats it refuses, beside values it accepts. The unit tests
 * hold Berth's verdict to them; test/cluster/crdRules.test.ts dry-runs every pair on the local
 * v1.36 apiserver (the custom resources against their CRD, created for the test).
 */
import type { RefusalCase } from './apiserverCases';

/** Names no other test creates: a dry run of an existing CRD would be an update, validated otherwise. */
export const CRD_TEST_GROUP = 'crd-rules.berth-test.example.com';

const SCHEMA = `        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
`;

const GADGETS = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.${CRD_TEST_GROUP}
spec:
  group: ${CRD_TEST_GROUP}
  names: {kind: Gadget, plural: gadgets, singular: gadget, listKind: GadgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
${SCHEMA}`;

function edit(base: string, from: string, to: string): string {
  if (!base.includes(from)) throw new Error(`case fixture does not contain ${JSON.stringify(from)}`);
  return base.replace(from, to);
}

/** The Gadget CRD with its `spec` schema's properties replaced (indented under `properties:`). */
function specProperties(lines: string): string {
  return edit(GADGETS, '                size: {type: integer}\n', lines);
}

/** The Gadget CRD with lines added to its root schema (after `type: object`). */
function rootSchema(lines: string): string {
  return edit(GADGETS, '          type: object\n          properties:\n', `          type: object\n${lines}          properties:\n`);
}

const TWO_VERSIONS = edit(
  GADGETS,
  '  versions:\n',
  `  versions:
    - name: v1beta1
      served: true
      storage: false
      schema:
        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
`,
);

export const CRD_CASES: readonly RefusalCase[] = [
  {
    title: 'a CRD is named <plural>.<group>',
    refused: edit(GADGETS, `name: gadgets.${CRD_TEST_GROUP}`, `name: gadget.${CRD_TEST_GROUP}`),
    code: 'crd-name-invalid',
    at: `gadget.${CRD_TEST_GROUP}`,
    message: 'metadata.name: Invalid value',
    accepted: GADGETS,
  },
  {
    title: 'a CRD group is a domain with at least one dot',
    refused: edit(edit(GADGETS, `group: ${CRD_TEST_GROUP}`, 'group: berthtest'), `name: gadgets.${CRD_TEST_GROUP}`, 'name: gadgets.berthtest'),
    code: 'crd-group-invalid',
    at: 'berthtest',
    message: 'spec.group: Invalid value: "berthtest": should be a domain with at least one dot',
    accepted: GADGETS,
  },
  {
    title: 'a CRD group is a lowercase DNS subdomain',
    refused: edit(edit(GADGETS, `group: ${CRD_TEST_GROUP}`, 'group: crd_rules.example.com'), `name: gadgets.${CRD_TEST_GROUP}`, 'name: gadgets.crd_rules.example.com'),
    code: 'crd-group-invalid',
    at: 'crd_rules.example.com',
    message: 'spec.group: Invalid value: "crd_rules.example.com"',
    accepted: GADGETS,
  },
  {
    title: 'a CRD kind may have mixed case but is otherwise a DNS-1035 label',
    refused: edit(GADGETS, 'kind: Gadget,', 'kind: Gadget_Pro,'),
    code: 'crd-names-invalid',
    at: 'Gadget_Pro',
    message: 'spec.names.kind: Invalid value: "Gadget_Pro": may have mixed case, but should otherwise match',
    accepted: edit(GADGETS, 'kind: Gadget,', 'kind: GadgetPro,'),
  },
  {
    title: 'a CRD singular name is a lowercase DNS-1035 label',
    refused: edit(GADGETS, 'singular: gadget,', 'singular: Gadget,'),
    code: 'crd-names-invalid',
    at: 'Gadget',
    message: 'spec.names.singular: Invalid value: "Gadget"',
    accepted: edit(GADGETS, 'singular: gadget, ', ''),
  },
  {
    title: 'kind and listKind may not be the same',
    refused: edit(GADGETS, 'listKind: GadgetList', 'listKind: Gadget'),
    code: 'crd-names-invalid',
    at: 'Gadget',
    message: 'spec.names.listKind: Invalid value: "Gadget": kind and listKind may not be the same',
    accepted: edit(GADGETS, ', listKind: GadgetList', ''),
  },
  {
    title: 'CRD short names are DNS-1035 labels',
    refused: edit(GADGETS, 'listKind: GadgetList}', 'listKind: GadgetList, shortNames: [g_d]}'),
    code: 'crd-names-invalid',
    at: 'g_d',
    message: 'spec.names.shortNames[0]: Invalid value: "g_d"',
    accepted: edit(GADGETS, 'listKind: GadgetList}', 'listKind: GadgetList, shortNames: [gd]}'),
  },
  {
    title: 'a CRD scope is Cluster or Namespaced',
    refused: edit(GADGETS, 'scope: Namespaced', 'scope: Global'),
    code: 'crd-scope-invalid',
    at: 'Global',
    message: 'spec.scope: Unsupported value: "Global"',
    accepted: edit(GADGETS, 'scope: Namespaced', 'scope: Cluster'),
  },
  {
    title: 'a CRD version name is a DNS-1035 label',
    refused: edit(GADGETS, '- name: v1\n', '- name: V1\n'),
    code: 'crd-versions-invalid',
    at: 'V1',
    message: 'spec.versions[0].name: Invalid value: "V1"',
    accepted: edit(GADGETS, '- name: v1\n', '- name: v1alpha1\n'),
  },
  {
    title: 'CRD version names are unique',
    refused: edit(TWO_VERSIONS, '- name: v1beta1', '- name: v1'),
    code: 'crd-versions-invalid',
    at: 'v1',
    message: 'must contain unique version names',
    accepted: TWO_VERSIONS,
  },
  {
    title: 'exactly one CRD version is the storage version: not two',
    refused: edit(TWO_VERSIONS, 'storage: false', 'storage: true'),
    code: 'crd-versions-invalid',
    at: 'versions',
    message: 'must have exactly one version marked as storage version',
    accepted: TWO_VERSIONS,
  },
  {
    title: 'exactly one CRD version is the storage version: not none',
    refused: edit(GADGETS, 'storage: true', 'storage: false'),
    code: 'crd-versions-invalid',
    at: 'versions',
    message: 'must have exactly one version marked as storage version',
    accepted: GADGETS,
  },
  {
    title: 'every version has a schema (and none needs to be served)',
    refused: edit(TWO_VERSIONS, '      storage: false\n      schema:\n        openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}\n', '      storage: false\n'),
    code: 'crd-schema-required',
    at: 'name',
    message: 'spec.versions[0].schema.openAPIV3Schema: Required value',
    accepted: edit(edit(TWO_VERSIONS, 'served: true', 'served: false'), 'served: true', 'served: false'),
  },
  {
    title: 'a deprecationWarning belongs to a deprecated version',
    refused: edit(GADGETS, '      storage: true\n', '      storage: true\n      deprecationWarning: use v2\n'),
    code: 'crd-versions-invalid',
    at: 'use v2',
    message: 'spec.versions[0].deprecationWarning: Invalid value: "use v2": can only be set for deprecated versions',
    accepted: edit(GADGETS, '      storage: true\n', '      storage: true\n      deprecated: true\n      deprecationWarning: use v2\n'),
  },
  {
    title: 'spec.preserveUnknownFields cannot be true',
    refused: edit(GADGETS, '  scope: Namespaced\n', '  scope: Namespaced\n  preserveUnknownFields: true\n'),
    code: 'crd-schema-invalid',
    at: 'true',
    message: 'spec.preserveUnknownFields: Invalid value: true: cannot set to true',
    accepted: edit(GADGETS, '  scope: Namespaced\n', '  scope: Namespaced\n  preserveUnknownFields: false\n'),
  },
  {
    title: 'a group of the Kubernetes project needs its API approval annotation',
    refused: edit(edit(GADGETS, `group: ${CRD_TEST_GROUP}`, 'group: crd-rules.berth-test.k8s.io'), `name: gadgets.${CRD_TEST_GROUP}`, 'name: gadgets.crd-rules.berth-test.k8s.io'),
    code: 'crd-approval-required',
    at: 'metadata',
    message: 'metadata.annotations[api-approved.kubernetes.io]: Required value',
    accepted: edit(
      edit(GADGETS, `group: ${CRD_TEST_GROUP}`, 'group: crd-rules.berth-test.k8s.io'),
      `name: gadgets.${CRD_TEST_GROUP}`,
      'name: gadgets.crd-rules.berth-test.k8s.io\n  annotations: {api-approved.kubernetes.io: "unapproved, testing only"}',
    ),
  },
  {
    title: 'every field of a structural schema has a type',
    refused: specProperties('                size: {minimum: 1}\n'),
    code: 'crd-schema-not-structural',
    at: 'size',
    message: 'spec.validation.openAPIV3Schema.properties[spec].properties[size].type: Required value: must not be empty for specified object fields',
    accepted: specProperties('                size: {minimum: 1, x-kubernetes-int-or-string: true}\n'),
  },
  {
    title: 'each version is validated under its own name when the schemas differ',
    refused: edit(TWO_VERSIONS, '                size: {type: integer}\n', '                size: {minimum: 1}\n'),
    code: 'crd-schema-not-structural',
    at: 'size',
    message: 'spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[size].type: Required value',
    accepted: edit(TWO_VERSIONS, '                size: {type: integer}\n', '                size: {minimum: 1, x-kubernetes-preserve-unknown-fields: true}\n'),
  },
  {
    title: 'an array of a structural schema has items',
    refused: specProperties('                tags: {type: array}\n'),
    code: 'crd-schema-not-structural',
    at: 'tags',
    message: 'properties[tags].items: Required value: must be specified',
    accepted: specProperties('                tags: {type: array, items: {type: string}}\n'),
  },
  {
    title: 'the root of a structural schema is an object',
    refused: edit(GADGETS, '          type: object\n          properties:\n            spec:', '          type: string\n          properties:\n            spec:'),
    code: 'crd-schema-not-structural',
    at: 'string',
    message: 'openAPIV3Schema.type: Invalid value: "string": must be object at the root',
    accepted: GADGETS,
  },
  {
    title: 'additionalProperties is not allowed at the root',
    refused: rootSchema('          additionalProperties: true\n'),
    code: 'crd-schema-not-structural',
    at: 'additionalProperties',
    message: 'openAPIV3Schema.additionalProperties: Forbidden: must not be used at the root',
    accepted: rootSchema('          x-kubernetes-preserve-unknown-fields: true\n'),
  },
  {
    title: 'additionalProperties and properties are mutually exclusive',
    refused: specProperties('                size: {type: integer}\n              additionalProperties: {type: string}\n'),
    code: 'crd-schema-invalid',
    at: 'additionalProperties',
    message: 'properties[spec].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive',
    accepted: edit(GADGETS, '              properties:\n                size: {type: integer}\n', '              additionalProperties: {type: string}\n'),
  },
  {
    title: 'additionalProperties: false beside properties is refused too (true is allowed)',
    refused: specProperties('                size: {type: integer}\n              additionalProperties: false\n'),
    code: 'crd-schema-invalid',
    at: 'additionalProperties',
    message: 'additionalProperties and properties are mutual exclusive',
    accepted: specProperties('                size: {type: integer}\n              additionalProperties: true\n'),
  },
  {
    title: 'metadata at the root may restrict only name and generateName',
    refused: edit(GADGETS, '          properties:\n            spec:', '          properties:\n            metadata: {type: object, properties: {labels: {type: object}}}\n            spec:'),
    code: 'crd-schema-not-structural',
    at: 'metadata',
    message: 'openAPIV3Schema.properties[metadata]: Forbidden: must not specify anything other than name and generateName',
    accepted: edit(GADGETS, '          properties:\n            spec:', '          properties:\n            metadata: {type: object, properties: {name: {type: string, maxLength: 40}}}\n            spec:'),
  },
  {
    title: 'metadata at the root may not even carry a description',
    refused: edit(GADGETS, '          properties:\n            spec:', '          properties:\n            metadata: {type: object, description: standard object metadata}\n            spec:'),
    code: 'crd-schema-not-structural',
    at: 'metadata',
    message: 'must not specify anything other than name and generateName',
    accepted: edit(GADGETS, '          properties:\n            spec:', '          properties:\n            metadata: {type: object}\n            spec:'),
  },
  {
    title: 'x-kubernetes-preserve-unknown-fields is true or absent',
    refused: specProperties('                extra: {type: object, x-kubernetes-preserve-unknown-fields: false}\n'),
    code: 'crd-schema-invalid',
    at: 'false',
    message: 'properties[extra].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined',
    accepted: specProperties('                extra: {type: object, x-kubernetes-preserve-unknown-fields: true}\n'),
  },
  {
    title: 'an embedded resource is an object',
    refused: specProperties('                template: {type: string, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}\n'),
    code: 'crd-schema-not-structural',
    at: 'string',
    message: 'properties[template].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true',
    accepted: specProperties('                template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}\n'),
  },
  {
    title: 'an embedded resource declares its properties or preserves unknown fields',
    refused: specProperties('                template: {type: object, x-kubernetes-embedded-resource: true}\n'),
    code: 'crd-schema-not-structural',
    at: 'template',
    message: 'properties[template].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
    accepted: specProperties('                template: {type: object, x-kubernetes-embedded-resource: true, properties: {spec: {type: object}}}\n'),
  },
  {
    title: 'int-or-string does not preserve unknown fields',
    refused: specProperties('                port: {x-kubernetes-int-or-string: true, x-kubernetes-preserve-unknown-fields: true}\n'),
    code: 'crd-schema-not-structural',
    at: 'true',
    message: 'properties[port].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true',
    accepted: specProperties('                port: {x-kubernetes-int-or-string: true}\n'),
  },
  {
    title: 'a value validation has no type, except the int-or-string pattern',
    refused: specProperties('                port: {x-kubernetes-int-or-string: true, anyOf: [{minimum: 0}, {type: string}]}\n'),
    code: 'crd-schema-not-structural',
    at: 'type',
    message: 'properties[port].anyOf[1].type: Forbidden: must be empty to be structural',
    accepted: specProperties('                port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}\n'),
  },
  {
    title: 'a value validation has no description',
    refused: specProperties('                size: {type: integer, anyOf: [{minimum: 1, description: small}, {minimum: 100}]}\n'),
    code: 'crd-schema-not-structural',
    at: 'description',
    message: 'properties[size].anyOf[0].description: Forbidden: must be empty to be structural',
    accepted: specProperties('                size: {type: integer, anyOf: [{minimum: 1}, {minimum: 100}]}\n'),
  },
  {
    title: "a value validation at the root names only fields declared outside it",
    refused: rootSchema('          anyOf: [{properties: {status: {minProperties: 1}}}, {required: [spec]}]\n'),
    code: 'crd-schema-not-structural',
    at: 'status',
    message: 'openAPIV3Schema.properties[status]: Required value: because it is defined in spec.validation.openAPIV3Schema.anyOf[0].properties[status]',
    accepted: rootSchema('          anyOf: [{properties: {spec: {minProperties: 1}}}, {required: [spec]}]\n'),
  },
  {
    title: 'uniqueItems cannot be true',
    refused: specProperties('                tags: {type: array, items: {type: string}, uniqueItems: true}\n'),
    code: 'crd-schema-invalid',
    at: 'uniqueItems',
    message: 'properties[tags].uniqueItems: Forbidden: uniqueItems cannot be set to true',
    accepted: specProperties('                tags: {type: array, items: {type: string}, x-kubernetes-list-type: set}\n'),
  },
  {
    title: 'a type is one of the six OpenAPI types',
    refused: specProperties('                when: {type: date}\n'),
    code: 'crd-schema-invalid',
    at: 'date',
    message: 'properties[when].type: Unsupported value: "date"',
    accepted: specProperties('                when: {type: string, format: date}\n'),
  },
  {
    title: '$ref is not supported',
    refused: specProperties('                size: {type: integer, $ref: "#/definitions/size"}\n'),
    code: 'crd-schema-invalid',
    at: '$ref',
    message: 'properties[size].$ref: Forbidden: $ref is not supported',
    accepted: GADGETS,
  },
  {
    title: 'nullable cannot be true at the root',
    refused: rootSchema('          nullable: true\n'),
    code: 'crd-schema-invalid',
    at: 'nullable',
    message: 'openAPIV3Schema.nullable: Forbidden: nullable cannot be true at the root',
    accepted: specProperties('                size: {type: integer, nullable: true}\n'),
  },
  {
    title: 'a default in top-level metadata is not allowed',
    refused: edit(GADGETS, '          properties:\n            spec:', '          properties:\n            metadata: {type: object, default: {}}\n            spec:'),
    code: 'crd-schema-invalid',
    at: 'default',
    message: 'properties[metadata].default: Forbidden: must not be set in top-level metadata',
    accepted: specProperties('                size: {type: integer, default: 1}\n'),
  },
  {
    title: 'a default is of its field type',
    refused: specProperties('                size: {type: integer, default: "3"}\n'),
    code: 'crd-default-invalid',
    at: '"3"',
    message: 'properties[spec].properties[size].default: Invalid value',
    accepted: specProperties('                size: {type: integer, default: 3}\n'),
  },
  {
    title: 'a string default is in its format',
    refused: specProperties('                address: {type: string, format: ipv4, default: localhost}\n'),
    code: 'crd-default-invalid',
    at: 'localhost',
    message: 'properties[spec].properties[address].default: Invalid value: "localhost"',
    accepted: specProperties('                address: {type: string, format: ipv4, default: 127.0.0.1}\n'),
  },
  {
    title: 'x-kubernetes-list-type map names its keys',
    refused: specProperties('                ports: {type: array, x-kubernetes-list-type: map, items: {type: object, required: [name], properties: {name: {type: string}}}}\n'),
    code: 'crd-schema-invalid',
    at: 'ports',
    message: 'properties[ports].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map',
    accepted: specProperties('                ports: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name], items: {type: object, required: [name], properties: {name: {type: string}}}}\n'),
  },
  {
    title: 'a list map key is required or has a default',
    refused: specProperties('                ports: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name], items: {type: object, properties: {name: {type: string}}}}\n'),
    code: 'crd-schema-invalid',
    at: 'name',
    message: 'properties[ports].items.properties[name].default: Required value: this property is in x-kubernetes-list-map-keys',
    accepted: specProperties('                ports: {type: array, x-kubernetes-list-type: map, x-kubernetes-list-map-keys: [name], items: {type: object, properties: {name: {type: string, default: http}}}}\n'),
  },
  {
    title: 'the objects of a set list are atomic',
    refused: specProperties('                peers: {type: array, x-kubernetes-list-type: set, items: {type: object, properties: {host: {type: string}}}}\n'),
    code: 'crd-schema-invalid',
    at: 'items',
    message: 'properties[peers].items.x-kubernetes-map-type: Invalid value',
    accepted: specProperties('                peers: {type: array, x-kubernetes-list-type: set, items: {type: object, x-kubernetes-map-type: atomic, properties: {host: {type: string}}}}\n'),
  },
  {
    title: 'x-kubernetes-map-type belongs to an object',
    refused: specProperties('                size: {type: integer, x-kubernetes-map-type: atomic}\n'),
    code: 'crd-schema-invalid',
    at: 'integer',
    message: 'properties[size].type: Invalid value: "integer": must be object if x-kubernetes-map-type is specified',
    accepted: specProperties('                labels: {type: object, x-kubernetes-map-type: atomic, additionalProperties: {type: string}}\n'),
  },
  {
    title: 'a CEL rule is not empty (the rules themselves are not evaluated)',
    refused: specProperties('                size: {type: integer, x-kubernetes-validations: [{rule: " ", message: must be small}]}\n'),
    code: 'crd-schema-invalid',
    at: 'rule',
    message: 'properties[size].x-kubernetes-validations[0].rule: Required value: rule is not specified',
    accepted: specProperties('                size: {type: integer, x-kubernetes-validations: [{rule: "self < 100", message: must be small}]}\n'),
  },
  {
    title: 'a CEL rule reason is one of the field error types',
    refused: specProperties('                size: {type: integer, x-kubernetes-validations: [{rule: "self < 100", reason: TooBig}]}\n'),
    code: 'crd-schema-invalid',
    at: 'TooBig',
    message: 'x-kubernetes-validations[0].reason: Unsupported value: "TooBig"',
    accepted: specProperties('                size: {type: integer, x-kubernetes-validations: [{rule: "self < 100", reason: FieldValueForbidden}]}\n'),
  },
  {
    title: 'Webhook conversion needs the webhook',
    refused: edit(GADGETS, '  scope: Namespaced\n', '  scope: Namespaced\n  conversion: {strategy: Webhook}\n'),
    code: 'crd-conversion-invalid',
    at: 'conversion',
    message: 'spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook',
    accepted: edit(GADGETS, '  scope: Namespaced\n', '  scope: Namespaced\n  conversion: {strategy: None}\n'),
  },
  {
    title: 'a webhook client config only goes with Webhook conversion',
    refused: edit(GADGETS, '  scope: Namespaced\n', '  scope: Namespaced\n  conversion: {strategy: None, webhook: {clientConfig: {url: "https://convert.example.com/"}}}\n'),
    code: 'crd-conversion-invalid',
    at: 'clientConfig',
    message: 'spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook',
    accepted: edit(GADGETS, '  scope: Namespaced\n', '  scope: Namespaced\n  conversion: {strategy: None}\n'),
  },
  {
    title: 'the scale subresource reads replicas under .spec',
    refused: edit(GADGETS, '      schema:\n', '      subresources: {scale: {specReplicasPath: .status.replicas, statusReplicasPath: .status.replicas}}\n      schema:\n'),
    code: 'crd-subresources-invalid',
    at: '.status.replicas',
    message: 'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
    accepted: edit(GADGETS, '      schema:\n', '      subresources: {scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}}\n      schema:\n'),
  },
  {
    title: 'a printer column has a supported type',
    refused: edit(GADGETS, '      schema:\n', '      additionalPrinterColumns: [{name: Size, type: int, jsonPath: .spec.size}]\n      schema:\n'),
    code: 'crd-printer-column-invalid',
    at: 'int',
    message: 'spec.additionalPrinterColumns[0].type: Invalid value: "int": must be one of boolean,date,integer,number,string',
    accepted: edit(GADGETS, '      schema:\n', '      additionalPrinterColumns: [{name: Size, type: integer, jsonPath: .spec.size}]\n      schema:\n'),
  },
  {
    title: "a printer column's jsonPath starts with a dot",
    refused: edit(GADGETS, '      schema:\n', '      additionalPrinterColumns: [{name: Size, type: integer, jsonPath: spec.size}]\n      schema:\n'),
    code: 'crd-printer-column-invalid',
    at: 'spec.size',
    message: 'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.size": must be a simple json path starting with .',
    accepted: edit(GADGETS, '      schema:\n', '      additionalPrinterColumns: [{name: Size, type: integer, jsonPath: .spec.size}]\n      schema:\n'),
  },
];

/**
 * One CRD (created on the cluster by the test) whose spec fields carry formats, and custom
 * resources with one value each: refused, and the nearest accepted one.
 */
export const FORMATS_CRD_NAME = `widgets.${CRD_TEST_GROUP}`;

export const FORMATS_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${FORMATS_CRD_NAME}
spec:
  group: ${CRD_TEST_GROUP}
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [replicas]
              properties:
                replicas: {type: integer, default: 1}
                created: {type: string, format: date-time}
                birthday: {type: string, format: date}
                timeout: {type: string, format: duration}
                payload: {type: string, format: byte}
                id: {type: string, format: uuid}
                address: {type: string, format: ipv4}
                address6: {type: string, format: ipv6}
                anyAddress: {type: string, anyOf: [{format: ipv4}, {format: ipv6}]}
                network: {type: string, format: cidr}
                hardware: {type: string, format: mac}
                host: {type: string, format: hostname}
                contact: {type: string, format: email}
                homepage: {type: string, format: uri}
                shortName: {type: string, format: k8s-short-name}
                longName: {type: string, format: k8s-long-name}
                colour: {type: string, format: hexcolor}
                port: {x-kubernetes-int-or-string: true, format: hostname}
                count: {type: integer, format: int32}
                label: {type: string, format: not-a-known-format}
`;

export interface CustomResourceCase {
  readonly title: string;
  /** The Widget's spec, refused. */
  readonly refused: string;
  /** The source text the error's range covers. */
  readonly at: string;
  readonly message: string;
  readonly accepted: string;
}

export const widget = (spec: string): string => `apiVersion: ${CRD_TEST_GROUP}/v1\nkind: Widget\nmetadata:\n  name: small\nspec: ${spec}\n`;

export const FORMAT_CASES: readonly CustomResourceCase[] = [
  { title: 'date-time', refused: '{created: "2024-01-31 12:00:00"}', at: '"2024-01-31 12:00:00"', message: 'created must be in the format date-time (such as 2024-01-31T12:00:00Z)', accepted: '{created: "2024-01-31T12:00:00+01:00"}' },
  { title: 'date-time, an hour past 23', refused: '{created: "2024-01-31T24:00:00Z"}', at: '"2024-01-31T24:00:00Z"', message: 'format date-time', accepted: '{created: "2024-01-31T23:59:59.5Z"}' },
  { title: 'date, a day February lacks', refused: '{birthday: "2023-02-29"}', at: '"2023-02-29"', message: 'birthday must be in the format date (such as 2024-01-31)', accepted: '{birthday: "2024-02-29"}' },
  { title: 'duration', refused: '{timeout: soon}', at: 'soon', message: 'format duration (such as 1h30m)', accepted: '{timeout: 1h30m}' },
  { title: 'duration, the lenient forms', refused: '{timeout: "5 fortnights"}', at: '"5 fortnights"', message: 'format duration', accepted: '{timeout: "3 days"}' },
  { title: 'byte (standard base64, padded)', refused: '{payload: aGVsbG8}', at: 'aGVsbG8', message: 'format byte', accepted: '{payload: aGVsbG8=}' },
  { title: 'uuid', refused: '{id: 123e4567-e89b-12d3-a456-42661417400}', at: '123e4567-e89b-12d3-a456-42661417400', message: 'format uuid', accepted: '{id: 123E4567E89B12D3A456426614174000}' },
  { title: 'ipv4', refused: '{address: 192.168.1.256}', at: '192.168.1.256', message: 'address must be in the format ipv4', accepted: '{address: 192.168.001.010}' },
  { title: 'ipv6', refused: '{address6: "2001:db8::1::2"}', at: '"2001:db8::1::2"', message: 'format ipv6', accepted: '{address6: "::ffff:192.0.2.1"}' },
  { title: 'anyOf ipv4 or ipv6', refused: '{anyAddress: localhost}', at: 'localhost', message: 'anyAddress must be in the format ipv4 or ipv6 (such as 192.168.1.10 or 2001:db8::10)', accepted: '{anyAddress: "fe80::1"}' },
  { title: 'cidr', refused: '{network: 10.0.0.0/33}', at: '10.0.0.0/33', message: 'format cidr', accepted: '{network: 10.0.0.1/8}' },
  { title: 'mac', refused: '{hardware: "00:1a:2b:3c:4d"}', at: '"00:1a:2b:3c:4d"', message: 'format mac', accepted: '{hardware: 001a.2b3c.4d5e}' },
  { title: 'hostname', refused: '{host: my_host.example.com}', at: 'my_host.example.com', message: 'format hostname', accepted: '{host: münchen.example}' },
  { title: 'email (only an address without @ is certainly refused)', refused: '{contact: nobody}', at: 'nobody', message: 'format email', accepted: '{contact: "Jane <jane@example.com>"}' },
  { title: 'uri (an absolute URI or an absolute path)', refused: '{homepage: example.com/index.html}', at: 'example.com/index.html', message: 'format uri', accepted: '{homepage: /index.html}' },
  { title: 'k8s-short-name', refused: '{shortName: My-Name}', at: 'My-Name', message: 'format k8s-short-name', accepted: '{shortName: my-name}' },
  { title: 'k8s-long-name', refused: '{longName: a..b}', at: 'a..b', message: 'format k8s-long-name', accepted: '{longName: a.b.c}' },
  { title: 'hexcolor', refused: '{colour: "#12345"}', at: '"#12345"', message: 'format hexcolor', accepted: '{colour: "#123456"}' },
  { title: 'a format on int-or-string applies to its strings', refused: '{port: "-http"}', at: '"-http"', message: 'port must be in the format hostname', accepted: '{port: 8080}' },
];

/** Values the apiserver accepts although their schema names a format: not a string type, or a format it does not know. */
export const IGNORED_FORMAT_SPECS: readonly string[] = ['{count: 12}', '{label: "anything at all"}', '{}', '{replicas: 3}'];
