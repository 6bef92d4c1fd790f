/** All migrations, in order. Append only: never edit one that has shipped. */
import { migration0001 } from './0001-initial.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration0001];
