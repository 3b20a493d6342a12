import { getCapability, type CapabilityDescriptor, type CapabilityTypeDefinition } from 'capstan'

/**
 * The descriptor of a capability id a plugin provides: the core's, or one of
 * the capability types the plugin contributes; undefined when neither knows
 * it. The kit looks descriptors up here and nowhere else.
 */
export function descriptorOf(id: string, contributes: readonly CapabilityTypeDefinition[] = []): CapabilityDescriptor | undefined {
  return getCapability(id) ?? contributes.flatMap((type) => Object.values(type.capabilities)).find((descriptor) => descriptor.id === id)
}
