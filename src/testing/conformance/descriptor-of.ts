import { getCapability, type CapabilityDescriptor } from 'capstan'

/**
 * The descriptor of a capability id a plugin provides, or undefined when
 * none is known. The kit looks descriptors up here and nowhere else, so
 * capability types a plugin contributes can be added in one place.
 */
export function descriptorOf(id: string): CapabilityDescriptor | undefined {
  return getCapability(id)
}
