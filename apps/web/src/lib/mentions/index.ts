// Mentions for any editor of the client: the candidate matching (pure) and the Tiptap extension with its popup.
export { fold, matchMentions, type MentionItem } from './match';
export { MENTION_ID_ATTR, mentionAt, mentionExtension, mentionIdAt, newMentionId, type MentionSource } from './mention-extension';
