/** storage.local for the teacher modules (extension pages only). */
export { browserLocalStore as teacherStore } from '../background/sharing/browser-kv';
