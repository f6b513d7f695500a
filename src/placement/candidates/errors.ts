/** A requested resource class that placement does not know; upstream answers 400. */
export class ResourceClassNotFound extends Error {
  constructor(readonly resourceClass: string) {
    super(`No such resource class ${resourceClass}.`);
    this.name = 'ResourceClassNotFound';
  }
}

/** A requested trait that placement does not know; upstream answers 400. */
export class TraitNotFound extends Error {
  constructor(readonly trait: string) {
    super(`No such trait(s): ${trait}.`);
    this.name = 'TraitNotFound';
  }
}
