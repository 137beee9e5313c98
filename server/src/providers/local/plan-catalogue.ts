/**
 * The plans the local sales persona sells. One source of facts for both languages' scripts, so an English and
 * an Arabic customer hear the same prices and features, and the engine never states anything beyond this.
 */

/** Identifier of a plan; this is what `memory.plan` holds. */
export type PlanId = 'basic' | 'pro' | 'business';

/** Plans in ascending price order (the order in which they are read out). */
export const PLAN_IDS: readonly PlanId[] = ['basic', 'pro', 'business'];

/** The facts of one plan. */
export interface Plan {
  readonly id: PlanId;
  /** Display name, the same in every language's script (as a brand name would be). */
  readonly name: string;
  /** Whole US dollars a month: whole numbers keep "$29." from being read as a decimal. */
  readonly monthlyUsd: number;
  readonly maxUsers: number;
  readonly storageGb: number;
  readonly support: 'email' | 'priority' | 'phone';
  readonly advancedReports: boolean;
  readonly accountManager: boolean;
}

/** The catalogue. Plans are monthly, with no long-term contract, and can be changed at any time. */
export const PLANS: Readonly<Record<PlanId, Plan>> = {
  basic: { id: 'basic', name: 'Basic', monthlyUsd: 9, maxUsers: 1, storageGb: 10, support: 'email', advancedReports: false, accountManager: false },
  pro: { id: 'pro', name: 'Pro', monthlyUsd: 29, maxUsers: 5, storageGb: 100, support: 'priority', advancedReports: true, accountManager: false },
  business: { id: 'business', name: 'Business', monthlyUsd: 99, maxUsers: 25, storageGb: 1000, support: 'phone', advancedReports: true, accountManager: true },
};

/** Narrows a remembered string back to a plan id. */
export function isPlanId(value: unknown): value is PlanId {
  return typeof value === 'string' && (PLAN_IDS as readonly string[]).includes(value);
}
