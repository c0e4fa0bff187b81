// The window's internal views, registered as the conversation registers them when it loads.
import { defineViews } from '../../components/chat-window/chat-window-dialog.js';

defineViews();
