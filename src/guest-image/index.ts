export { buildGuestImage, type GuestImage, type GuestImageOptions } from './build-guest-image.js';
export { GUEST_MARKERS } from './guest-init-script.js';
export { buildDebianImage, type DebianImageOptions } from './debian/build-debian-image.js';
