/** Challenge names and answers, shared by the core's sign-in state machine and the sign-in panel's protocol. */

export type CodeChallengeName = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' | 'SMS_OTP';
export const CODE_CHALLENGE_NAMES: readonly CodeChallengeName[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP', 'SMS_OTP'];

export type ChallengeAnswer =
  | { name: 'NEW_PASSWORD_REQUIRED'; newPassword: string; attributes?: Record<string, string> }
  | { name: CodeChallengeName; code: string }
  | { name: 'SELECT_MFA_TYPE'; choice: string }
  | { name: 'MFA_SETUP'; code: string; friendlyDeviceName?: string }
  | { name: 'CUSTOM_CHALLENGE'; answer: string }
  | { name: 'SELECT_CHALLENGE'; choice: string; password?: string };
