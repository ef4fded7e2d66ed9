import type { AccessState, OperatorEvent } from '../../libs/domain/src/operator/events';
import type { Handlers } from '../shared/events';

export const OPERATORS = 'operators';

/** The `operators` document (admin reads): a registered operator and their access. */
export type OperatorDoc = {
  readonly _id: string;
  readonly slug: string;
  readonly name: string;
  readonly canGovern: boolean;
  readonly accessState: AccessState;
  /** Why the access last changed (null while never changed). */
  readonly accessReason: string | null;
  readonly registeredAt: string;
  readonly updatedAt: string;
  readonly lastPosition: string;
};

/** `OperatorRegistered` starts from null; every other event needs the registered operator. */
export const operatorHandlers: Handlers<OperatorDoc | null, OperatorEvent, OperatorDoc | null> = {
  OperatorRegistered: (doc, { data, metadata, recordedAt }) =>
    doc ?? {
      _id: data.slug, slug: data.slug, name: data.name, canGovern: data.canGovern, accessState: 'active', accessReason: null,
      registeredAt: metadata.occurredAt, updatedAt: recordedAt, lastPosition: '-1',
    },
  OperatorAccessChanged: (doc, { data }) => doc && { ...doc, accessState: data.to, accessReason: data.reason },
};
