export const GiB = 1024 ** 3;

/** Bytes as GiB with two decimals, as Cinder reports `*_capacity_gb`. */
export const toGb = (bytes: number) => Math.round((bytes / GiB) * 100) / 100;
