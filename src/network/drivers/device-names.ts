/**
 * The names the data plane gives what it makes, Neutron's (Linux bridge agent, DHCP and L3
 * agents), so an operator who knows Neutron finds them: device names keep to Linux's 15
 * characters by taking the first 11 of an id.
 */

/** The longest Linux interface name (IFNAMSIZ less the terminating NUL). */
export const maxDeviceNameLength = 15;

const idPart = (id: string) => id.slice(0, 11);

/** The bridge of a network: `brq` + 11 characters of the network id. */
export const bridgeName = (networkId: string) => `brq${idPart(networkId)}`;

/** A port's device in the bridge (an instance's TAP, or the bridge end of a veth pair). */
export const tapName = (portId: string) => `tap${idPart(portId)}`;

/** The VXLAN device of a segment. */
export const vxlanName = (vni: number) => `vxlan-${vni}`;

/** The namespace of a network's DHCP server. */
export const dhcpNamespace = (networkId: string) => `qdhcp-${networkId}`;

/** The DHCP server's own end of its veth pair, inside its namespace. */
export const dhcpDeviceName = (portId: string) => `ns-${idPart(portId)}`;

/** The namespace of a router. */
export const routerNamespace = (routerId: string) => `qrouter-${routerId}`;

/** A router's interface on an internal network, inside its namespace. */
export const routerInterfaceName = (portId: string) => `qr-${idPart(portId)}`;

/** A router's interface on the external network, inside its namespace. */
export const routerGatewayName = (portId: string) => `qg-${idPart(portId)}`;

export const dhcpNamespacePrefix = 'qdhcp-';
export const routerNamespacePrefix = 'qrouter-';
