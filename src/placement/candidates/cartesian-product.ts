/** Every way to pick one item from each list, in order (Python's `itertools.product`). */
export function* product<T>(lists: T[][]): Generator<T[]> {
  if (lists.length === 0) {
    yield [];
    return;
  }
  const [head, ...rest] = lists;
  for (const item of head) for (const tail of product(rest)) yield [item, ...tail];
}
