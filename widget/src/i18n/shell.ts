/**
 * The few words the element shows before the call module has loaded (the launcher's label, the panel's heading
 * and its loading or failure line), in the built-in languages. They ship in the first download; the rest of
 * en.ts and ar.ts arrives with the panel (see session/call-module.ts).
 */
import type { ShellTranslation } from './translation.ts';

/** English, before the call module has loaded. */
export const enShell: ShellTranslation = {
  $code: 'en',
  $dir: 'ltr',
  openChat: 'Customer support chat',
  defaultTitle: 'Customer support',
  loading: 'Loading…',
  serverUnreachable: 'The assistant cannot be reached. Check your connection and try again.',
  retry: 'Retry',
};

/** Arabic, before the call module has loaded. */
export const arShell: ShellTranslation = {
  $code: 'ar',
  $dir: 'rtl',
  openChat: 'محادثة خدمة العملاء',
  defaultTitle: 'خدمة العملاء',
  loading: 'جارٍ التحميل…',
  serverUnreachable: 'تعذّر الوصول إلى المساعد. تحقّق من اتصالك وحاول مرة أخرى.',
  retry: 'إعادة المحاولة',
};
