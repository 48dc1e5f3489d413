/**
 * Prompt and data versions. Bump a stage's version when its prompt or output shape changes;
 * PROMPT_VERSION feeds every world's fingerprint, so a bump starts fresh casts instead of
 * mixing text written under two prompts. Cost: none.
 */
export const PROFILE_PROMPT_VERSION = 'profile-1';
export const BIO_PROMPT_VERSION = 'bio-1';
export const BACKSTORY_PROMPT_VERSION = 'backstory-1';
export const PROMPT_VERSION = [PROFILE_PROMPT_VERSION, BIO_PROMPT_VERSION, BACKSTORY_PROMPT_VERSION].join('+');
