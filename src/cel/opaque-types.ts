import { create, createFileRegistry, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { objectType, type CelObjectType } from '@bufbuild/cel';

/**
 * The Kubernetes CEL libraries' opaque types (Quantity, URL, IP, CIDR, Semver). @bufbuild/cel types values as
 * protobuf messages, so each is a message holding the text it was made from: `type()` and overloads
 * then tell them apart, and the functions re-read the text.
 */
const NAMES = ['Quantity', 'URL', 'IP', 'CIDR', 'Semver'] as const;
type OpaqueName = (typeof NAMES)[number];

const STRING_FIELD = 9;
const OPTIONAL = 1;

export const opaqueRegistry = createFileRegistry(
  create(FileDescriptorProtoSchema, {
    name: 'gitops_check/kubernetes_cel.proto',
    package: 'kubernetes',
    syntax: 'proto3',
    messageType: NAMES.map((name) => ({ name, field: [{ name: 'value', number: 1, type: STRING_FIELD, label: OPTIONAL, jsonName: 'value' }] })),
  }),
  () => undefined,
);

function descriptor(name: OpaqueName): DescMessage {
  return opaqueRegistry.getMessage(`kubernetes.${name}`)!;
}

export interface OpaqueType {
  type: CelObjectType;
  /** A value of the type holding `text` (already validated by the caller). */
  make(text: string): ReturnType<typeof create>;
  /** The text a value of the type holds. */
  text(value: unknown): string;
}

function opaque(name: OpaqueName): OpaqueType {
  const desc = descriptor(name);
  return {
    type: objectType(desc),
    make: (text) => create(desc, { value: text } as never),
    text: (value) => String((value as { message: { value: string } }).message.value),
  };
}

export const QUANTITY = opaque('Quantity');
export const URL_TYPE = opaque('URL');
export const IP_TYPE = opaque('IP');
export const CIDR_TYPE = opaque('CIDR');
export const SEMVER_TYPE = opaque('Semver');
