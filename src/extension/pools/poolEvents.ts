import * as vscode from 'vscode';
import type { AdminTarget } from '../../core/pools/adminTarget';
import type { PoolUser } from '../../core/pools/users';

/** A pool as the admin commands address it: where (region, profile, endpoint) and which. */
export interface PoolRef {
  target: AdminTarget;
  poolId: string;
  poolName?: string;
}

export interface UserRef extends PoolRef {
  username: string;
}

/** What an admin action changed, so the tree and the user browser update in place instead of reloading. */
export type UserChange =
  | { kind: 'updated'; pool: PoolRef; user: PoolUser }
  | { kind: 'deleted'; pool: PoolRef; username: string }
  | { kind: 'created'; pool: PoolRef; user: PoolUser }
  | { kind: 'groups'; pool: PoolRef; username: string };

export function samePool(a: PoolRef, b: PoolRef): boolean {
  return a.poolId === b.poolId && a.target.region === b.target.region && (a.target.endpointUrl ?? '') === (b.target.endpointUrl ?? '');
}

/** One bus for user changes; owned by activation, listened to by the tree and every open user browser. */
export class PoolEvents implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<UserChange>();
  readonly onDidChangeUser = this.emitter.event;

  fire(change: UserChange): void {
    this.emitter.fire(change);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
