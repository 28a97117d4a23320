import { useTranslation } from 'react-i18next';
import { navigate } from '../lib/router';

/** The link back to the case list at the top of a page, followed without reloading the page. */
export function BackToCases() {
  const { t } = useTranslation();
  return (
    <a
      href="/"
      onClick={(e) => {
        e.preventDefault();
        navigate('/');
      }}
    >
      ← {t('workspace.back')}
    </a>
  );
}
