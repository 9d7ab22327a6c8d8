/** The identity-pool steps of Add/Edit Connection: the flow, then the developer fields when that flow is chosen. */
import { IDENTITY_FLOWS } from '../../core/identity/credentials';
import { validateBackend, validateProviderName } from '../../core/identity/developer';
import type { InputStep } from '../platform/multiStepInput';
import type { ConnectionDraft } from './connectionsModel';

const developer = (s: ConnectionDraft) => s.identityFlow === 'developer';
const backend = (s: ConnectionDraft) => developer(s) && Boolean(s.loginUrl);
const signed = (s: ConnectionDraft) => developer(s) && !s.loginUrl;
const optional = (v: string) => v.trim() || undefined;

type OptionalField = 'backendUsername' | 'userIdentifier' | 'awsProfile';

/** A free-text step that may stay empty. */
function optionalStep(prompt: string, field: OptionalField, when: (s: ConnectionDraft) => boolean): InputStep<ConnectionDraft> {
  return { prompt, when, value: (s) => s[field], validate: () => undefined, apply: (s, v) => (s[field] = optional(v)) };
}

/** Steps that follow the identity pool id step; all skipped when there is no identity pool. */
export function identitySteps(): InputStep<ConnectionDraft>[] {
  return [
    {
      prompt: 'How to get AWS credentials: enhanced (default), basic, guest (no sign-in) or developer (your backend or a developer provider)',
      placeholder: IDENTITY_FLOWS.join(' | '),
      // With a user pool the enhanced flow is the default and the basic one a per-fetch choice, so only asked when set.
      when: (s) => Boolean(s.identityPoolId) && (!s.userPoolId || Boolean(s.identityFlow)),
      value: (s) => s.identityFlow ?? (s.userPoolId ? 'enhanced' : ''),
      validate: (v, s) => {
        const flow = v.trim() || 'enhanced';
        if (!IDENTITY_FLOWS.includes(flow as never)) return `Type one of ${IDENTITY_FLOWS.join(', ')}.`;
        if (!s.userPoolId && flow !== 'guest' && flow !== 'developer') return 'Without a user pool there is nobody to sign in: choose guest or developer.';
        return undefined;
      },
      apply: (s, v) => (s.identityFlow = v.trim() || 'enhanced'),
    },
    {
      prompt: 'Your backend\'s login URL (POSTed {username, password}); leave empty to call GetOpenIdTokenForDeveloperIdentity with an AWS profile instead',
      placeholder: 'https://api.example.com/api/login/',
      when: developer,
      value: (s) => s.loginUrl,
      validate: (v) => (v.trim() ? validateBackend({ loginUrl: v }) : undefined),
      apply: (s, v) => (s.loginUrl = optional(v)),
    },
    {
      prompt: 'Identity URL: answers {IdentityId, Token} to a GET with the login\'s token or cookies (leave empty when the login answers with them)',
      placeholder: 'https://api.example.com/api/cognito/',
      when: backend,
      value: (s) => s.identityUrl,
      validate: (v, s) => (v.trim() ? validateBackend({ loginUrl: s.loginUrl, identityUrl: v }) : undefined),
      apply: (s, v) => (s.identityUrl = optional(v)),
    },
    {
      prompt: 'Send the login as json (default) or form',
      placeholder: 'json | form',
      when: backend,
      value: (s) => s.loginFormat,
      validate: (v) => (!v.trim() || v.trim() === 'json' || v.trim() === 'form' ? undefined : 'Type json or form.'),
      apply: (s, v) => (s.loginFormat = optional(v)),
    },
    optionalStep('Backend username (optional; asked when you get credentials). The password is asked then and kept in SecretStorage only', 'backendUsername', backend),
    {
      prompt: 'Developer provider name of the identity pool',
      placeholder: 'login.mycompany.myapp',
      when: signed,
      value: (s) => s.providerName,
      validate: (v) => validateProviderName(v),
      apply: (s, v) => (s.providerName = v.trim()),
    },
    optionalStep('The user\'s id in your backend (optional; asked when you get credentials)', 'userIdentifier', signed),
    optionalStep('AWS profile that signs GetOpenIdTokenForDeveloperIdentity (optional; the default credential chain otherwise)', 'awsProfile', signed),
  ];
}
