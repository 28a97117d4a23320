import { useTranslation } from 'react-i18next';
import { MessageRequest } from '../../../app/MessageRequest';
import type { CollabDocument } from '../../../generated/schema-types';
import { gql } from '../../../lib/graphql';
import { REQUEST_SIGN_OFF } from '../graphql/notifications.generated';

/** Asks the case's supervisors to sign off its notes or timeline (they are notified). */
export function RequestSignOff({ caseId, document }: { caseId: string; document: CollabDocument }) {
  const { t } = useTranslation();
  return (
    <MessageRequest
      className="request-signoff"
      label={t('teams.requestSignOff')}
      messageLabel={t('teams.requestSignOffNote')}
      submitLabel={t('teams.requestSignOff')}
      maxLength={500}
      send={async (note) => {
        const r = await gql(REQUEST_SIGN_OFF, { caseId, document, note });
        return r.requestSignOff > 0 ? t('teams.requestSent', { count: r.requestSignOff }) : t('teams.requestNobody');
      }}
    />
  );
}
