import { parseMentionMarkup } from '../../../lib/mention-markup';
import { navigate } from '../../../lib/router';

/** A comment's text with its mentions: members in bold, entities as links that focus them in the case's graph. */
export function CommentText({ caseId, body }: { caseId: string; body: string }) {
  return (
    <p className="comment-body">
      {parseMentionMarkup(body).map((s, i) => {
        if (s.type === 'text') return <span key={i}>{s.text}</span>;
        if (s.kind === 'user')
          return (
            <strong key={i} className="mention">
              @{s.label}
            </strong>
          );
        const href = `/cases/${encodeURIComponent(caseId)}/graph?focus=${encodeURIComponent(s.id)}`;
        return (
          <a
            key={i}
            className="mention"
            href={href}
            onClick={(e) => {
              e.preventDefault();
              navigate(href);
            }}
          >
            @{s.label}
          </a>
        );
      })}
    </p>
  );
}
