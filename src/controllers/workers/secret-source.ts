/** Where the workers controller reads secrets (licence tokens) by name; `app/` implements it. */

/**
 * Reads a secret's value by name. Implementations never log or echo the value, and their errors
 * name the secret, never its content.
 */
export interface SecretSource {
  /**
   * The secret's value (surrounding whitespace trimmed).
   * @throws NotFound — no secret of that name. @throws Invalid — a malformed name.
   */
  read(name: string): Promise<string>;
}
