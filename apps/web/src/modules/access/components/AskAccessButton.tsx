import { useTranslation } from 'react-i18next';
import { MessageRequest } from '../../../app/MessageRequest';
import { gql } from '../../../lib/graphql';
import { REQUEST_CASE_ACCESS } from '../graphql/access.generated';

/**
 * "Ask its owner" as a button on a cross-case notice: sends an access request to the other case's
 * lead-agency supervisors (they see this case's reference and why it matched, nothing more).
 */
export function AskAccessButton({ caseId, entityId, agencyName }: { caseId: string; entityId: string; agencyName: string }) {
  const { t } = useTranslation();
  return (
    <MessageRequest
      className="ask-access"
      label={t('access.ask', { agency: agencyName })}
      explain={t('access.explain')}
      messageLabel={t('access.message')}
      submitLabel={t('access.send')}
      maxLength={1000}
      replaceWhenSent
      send={async (message) => {
        const r = await gql(REQUEST_CASE_ACCESS, { caseId, entityId, message });
        return t('access.sent', { count: r.requestCaseAccess.sent, agency: agencyName });
      }}
    />
  );
}
