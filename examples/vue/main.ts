import { createApp } from 'vue';
import 'lp-chat-window';
import App from './App.vue';

createApp(App).mount('#app');
